"""Fills a demo database with impact data at scale for the region view's benchmark: N
organisations in Vestfold's municipalities, each with one impact plan following 20 shared
indicators measured twice a year for Y years, and Ferd's figures for each of those years.
Usage: seed.py DB_FILE [N] [Y]  (SQLite)."""
import random
import sqlite3
import sys

db = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
years = int(sys.argv[3]) if len(sys.argv) > 3 else 5
now = "2026-11-20T10:00:00Z"
rnd = random.Random(11)
c = sqlite3.connect(db)
c.execute("PRAGMA foreign_keys = ON")
municipalities = ["3901", "3903", "3905", "3907", "3909", "3911"]
areas = [r[0] for r in c.execute("SELECT slug FROM service_areas ORDER BY position")]
with c:
    shared = [r[0] for r in c.execute("SELECT id FROM impact_indicators WHERE organisation_id IS NULL ORDER BY id")]
    for k in range(len(shared), 20):
        shared.append(c.execute(
            "INSERT INTO impact_indicators (name, definition, level, unit, direction, created_at, updated_at) "
            "VALUES (?, 'Felles indikator for benchmark', 'virkning', 'personer', 'up', ?, ?)",
            (f"Felles indikator {k + 1}", now, now)).lastrowid)
    shared = shared[:20]
    for i in range(n):
        org = c.execute(
            "INSERT INTO organisations (name, name_sort, kind, status, municipality_number, search_text, created_at, "
            "updated_at) VALUES (?, ?, 'social_enterprise', 'verified', ?, '', ?, ?)",
            (f"Effektverksted {i}", f"effekt{i:05d}".encode(), municipalities[i % len(municipalities)], now, now)).lastrowid
        for slug in rnd.sample(areas, 1 + i % 2):
            c.execute("INSERT INTO organisation_service_areas (organisation_id, slug) VALUES (?, ?)", (org, slug))
        plan = c.execute(
            "INSERT INTO impact_plans (organisation_id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (org, f"Effektplan {i}", now, now)).lastrowid
        for ind in shared:
            c.execute("INSERT INTO impact_plan_indicators (plan_id, indicator_id, baseline_value, baseline_date, "
                      "target_value) VALUES (?, ?, '10', '2021-01-01', '40')", (plan, ind))
        rows = []
        for y in range(2026 - years + 1, 2027):
            for ind in shared:
                for day in ("06-30", "12-31"):
                    rows.append((plan, ind, f"{y}-{day}", str(rnd.randint(0, 60)), now))
            c.execute("INSERT INTO impact_ferd_years (organisation_id, year, high_contact, low_contact, updated_at) "
                      "VALUES (?, ?, ?, ?, ?)", (org, y, rnd.randint(5, 40), rnd.randint(20, 200), now))
        c.executemany("INSERT INTO impact_measurements (plan_id, indicator_id, measured_on, value, created_at) "
                      "VALUES (?, ?, ?, ?, ?)", rows)
