"""Fills a demo database with marketplace data at scale for the page benchmarks: N published
needs with success criteria, and one need with P proposals from P enterprises.
Usage: seed.py DB_FILE [N] [P]  (SQLite; the FTS triggers index the search text)."""
import random
import sqlite3
import sys

db, n, p = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500, int(sys.argv[3]) if len(sys.argv) > 3 else 50
words = ("unge arbeid skole utdanning eldre ensomhet sykehjem pårørende demens bolig soning tilbakefall "
         "integrering språk kvinner mestring idrett kultur fritid helse rus psykisk oppfølging").split()
now = "2026-11-20T10:00:00Z"
c = sqlite3.connect(db)
c.execute("PRAGMA foreign_keys = ON")
owner = c.execute("SELECT id FROM organisations WHERE name = 'Sandefjord kommune'").fetchone()[0]
rnd = random.Random(7)
first = None
with c:
    for i in range(n):
        text = " ".join(rnd.choice(words) for _ in range(40))
        title = f"Behov {i}: " + " ".join(rnd.choice(words) for _ in range(5))
        cur = c.execute(
            "INSERT INTO needs (organisation_id, title, situation, status, search_text, published_at, created_at, updated_at, "
            "value_min, value_max, timeframe) VALUES (?, ?, ?, 'published', ?, ?, ?, ?, 50000000, 150000000, '2027')",
            (owner, title, text, title.lower() + " " + text, f"2026-11-{1 + i % 20:02d}T10:{i % 60:02d}:00Z", now, now))
        need = cur.lastrowid
        first = first or need
        for k in range(3):
            c.execute("INSERT INTO need_criteria (need_id, position, description, indicator, baseline, target) "
                      "VALUES (?, ?, ?, 'Andel i arbeid etter 12 måneder', '20 %', '40 %')", (need, k + 1, f"Resultat {k + 1}"))
        c.execute("INSERT INTO need_service_areas (need_id, slug) VALUES (?, 'arbeidsinkludering')", (need,))
        c.execute("INSERT INTO need_municipalities (need_id, municipality_number) VALUES (?, '3907')", (need,))
    target = c.execute("SELECT id FROM needs WHERE title LIKE 'Behov 0:%'").fetchone()[0]
    criteria = [r[0] for r in c.execute("SELECT id FROM need_criteria WHERE need_id = ?", (target,))]
    for j in range(p):
        org = c.execute(
            "INSERT INTO organisations (name, name_sort, kind, status, search_text, created_at, updated_at) "
            "VALUES (?, ?, 'social_enterprise', 'verified', '', ?, ?)", (f"Benkverksted {j}", f"benk{j:04d}".encode(), now, now)).lastrowid
        prop = c.execute(
            "INSERT INTO proposals (need_id, organisation_id, summary, approach, timeline, cost, financing, confidential, "
            "status, created_at, updated_at) VALUES (?, ?, ?, 'Tilnærming', '12 måneder', 90000000, 'Egen finansiering', "
            "'Forretningshemmelighet', 'sent', ?, ?)",
            (target, org, f"Sammendrag av forslag {j}: " + " ".join(rnd.choice(words) for _ in range(30)), now, now)).lastrowid
        for k in criteria:
            c.execute("INSERT INTO proposal_criteria (proposal_id, criterion_id, expected, measurement) VALUES (?, ?, '35 %', 'Registerdata')",
                      (prop, k))
print(target)
