#!/usr/bin/env python3
"""Writes a synthetic Enhetsregisteret bulk file in the register's CSV format.

    gen.py N OUT [--gzip] [--seed S] [--kommuner PATH]

N units with valid MOD11 organisation numbers in ascending order (as in the real file),
Norwegian-looking names built from word lists, the 2024 column set with every field quoted,
municipality numbers from kommuner-2024.csv and a share of pre-2024 numbers (3804 Sandefjord,
3807 Skien …), multi-line addresses, employee counts omitted below 5, and the booleans as
`true`/`false`. Standard library only.
"""
import argparse
import csv
import gzip
import io
import os
import random
import sys

HEADER = [
    "organisasjonsnummer", "navn", "organisasjonsform.kode", "organisasjonsform.beskrivelse",
    "naeringskode1.kode", "naeringskode1.beskrivelse", "naeringskode2.kode", "naeringskode2.beskrivelse",
    "naeringskode3.kode", "naeringskode3.beskrivelse", "hjelpeenhetskode.kode", "hjelpeenhetskode.beskrivelse",
    "harRegistrertAntallAnsatte", "antallAnsatte", "registreringsdatoAntallAnsatteEnhetsregisteret",
    "registreringsdatoantallansatteNAVAaregisteret", "hjemmeside", "epostadresse", "telefon", "mobil",
    "postadresse.adresse", "postadresse.poststed", "postadresse.postnummer", "postadresse.kommune",
    "postadresse.kommunenummer", "postadresse.land", "postadresse.landkode",
    "forretningsadresse.adresse", "forretningsadresse.poststed", "forretningsadresse.postnummer",
    "forretningsadresse.kommune", "forretningsadresse.kommunenummer", "forretningsadresse.land",
    "forretningsadresse.landkode", "institusjonellSektorkode.kode", "institusjonellSektorkode.beskrivelse",
    "sisteInnsendteAarsregnskap", "registreringsdatoenhetsregisteret", "stiftelsesdato",
    "registrertIMvaRegisteret", "registreringsdatoMerverdiavgiftsregisteret",
    "registreringsdatoMerverdiavgiftsregisteretEnhetsregisteret", "frivilligMvaRegistrertBeskrivelser",
    "registreringsdatoFrivilligMerverdiavgiftsregisteret", "registrertIFrivillighetsregisteret",
    "registreringsdatoFrivillighetsregisteret", "registrertIForetaksregisteret",
    "registreringsdatoForetaksregisteret", "registrertIStiftelsesregisteret", "registrertIPartiregisteret",
    "registreringsdatoPartiregisteret", "konkurs", "konkursdato", "underAvvikling", "underAvviklingDato",
    "underTvangsavviklingEllerTvangsopplosning", "tvangsopplostPgaManglendeDagligLederDato",
    "tvangsopplostPgaManglendeRevisorDato", "tvangsopplostPgaManglendeRegnskapDato",
    "tvangsopplostPgaMangelfulltStyreDato", "tvangsavvikletPgaManglendeSlettingDato", "overordnetEnhet",
    "nedleggelsesdato", "maalform", "vedtektsdato", "vedtektsfestetFormaal", "aktivitet",
    "registreringsnummerIHjemlandet", "paategninger",
]
COL = {name: i for i, name in enumerate(HEADER)}

# (code, description, share of the register)
FORMS = [
    ("ENK", "Enkeltpersonforetak", 34), ("AS", "Aksjeselskap", 33), ("FLI", "Forening/lag/innretning", 8),
    ("BRL", "Borettslag", 4), ("ESEK", "Eierseksjonssameie", 4), ("NUF", "Norskregistrert utenlandsk foretak", 3),
    ("ANS", "Ansvarlig selskap med solidarisk ansvar", 2), ("DA", "Ansvarlig selskap med delt ansvar", 2),
    ("SAM", "Tingsrettslig sameie", 2), ("STI", "Stiftelse", 1), ("SA", "Samvirkeforetak", 1),
    ("ORGL", "Organisasjonsledd", 1), ("KS", "Kommandittselskap", 1), ("ASA", "Allmennaksjeselskap", 1),
    ("KIRK", "Den norske kirke", 1), ("IKS", "Interkommunalt selskap", 1), ("KF", "Kommunalt foretak", 1),
]
FORM_CODES = [f[0] for f in FORMS]
FORM_WEIGHTS = [f[2] for f in FORMS]
FORM_DESC = {f[0]: f[1] for f in FORMS}

SECTOR = {
    "ENK": ("8200", "Personlig næringsdrivende"), "AS": ("2100", "Private aksjeselskaper mv."),
    "ASA": ("2100", "Private aksjeselskaper mv."), "FLI": ("7000", "Ideelle organisasjoner"),
    "STI": ("7000", "Ideelle organisasjoner"), "ORGL": ("6500", "Kommuneforvaltningen"),
    "KF": ("1120", "Kommunale foretak med ubegrenset ansvar"), "IKS": ("1120", "Kommunale foretak med ubegrenset ansvar"),
    "SA": ("2300", "Personlige foretak"), "NUF": ("2500", "Utenlandske foretak"),
}

NACE = [
    ("43.221", "Rørleggerarbeid"), ("41.200", "Oppføring av bygninger"), ("68.209", "Utleie av egen eller leid fast eiendom ellers"),
    ("70.220", "Bedriftsrådgivning og annen administrativ rådgivning"), ("62.010", "Programmeringstjenester"),
    ("56.101", "Drift av restauranter og kafeer"), ("96.021", "Frisering og annen skjønnhetspleie"),
    ("94.991", "Aktiviteter i andre interesseorganisasjoner ellers"), ("93.120", "Drift av idrettsklubber"),
    ("88.991", "Velferdstjenester for barn og ungdom"), ("88.999", "Andre sosialomsorgstjenester uten botilbud ikke nevnt annet sted"),
    ("49.410", "Godstransport på vei"), ("01.410", "Melkeproduksjon på storfe"), ("03.211", "Produksjon av matfisk og skalldyr i hav- og kystbasert fiskeoppdrett"),
    ("47.111", "Butikkhandel med bredt vareutvalg med hovedvekt på nærings- og nytelsesmidler"),
    ("86.230", "Tannhelsetjenester"), ("86.901", "Fysioterapitjeneste"), ("90.012", "Utøvende kunstnere og underholdningsvirksomhet innen musikk"),
    ("74.201", "Fotografvirksomhet"), ("81.210", "Rengjøring av bygninger"), ("69.201", "Regnskap og bokføring"),
    ("64.202", "Holdingselskaper"), ("85.599", "Annen undervisning ikke nevnt annet sted"), ("02.100", "Skogskjøtsel og andre skogbruksaktiviteter"),
    ("43.341", "Malerarbeid"), ("43.210", "Elektrisk installasjonsarbeid"), ("45.201", "Alminnelig service og reparasjon av motorvogner"),
    ("00.000", "Uoppgitt"),
]

SURNAMES = ("Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen "
            "Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund "
            "Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen "
            "Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård "
            "Bakke Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther "
            "Aas Myhre Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning "
            "Arnesen Antonsen Næss Vik Haug Ellingsen Thorsen Edvardsen Birkeland Isaksen Gulbrandsen Ruud "
            "Aasen Strøm Myklebust Tangen Ødegård Eliassen Helland Bøe Jenssen Aune Mikkelsen Tveit Brekke "
            "Abrahamsen Madsen Øien Fjeld Åsheim Kvam Grønli").split()
GIVEN = ("Ole Kari Per Anne Lars Ingrid Hans Marit Jan Liv Knut Nina Bjørn Astrid Arne Kristin Terje Hilde "
         "Geir Ida Morten Silje Tor Camilla Svein Marte Espen Sara Håkon Nora Øystein Emma Jonas Maja Sindre "
         "Thea Magnus Aisha Mohammed Ewa Piotr Ahmad Åse Ørjan Kjersti Eirik Solveig Trond Randi").split()
TRADES = ("Bygg Eiendom Invest Holding Consulting Transport Regnskap Elektro Rør Maskin Handel Service Design "
          "Media Helse Fysioterapi Tannlegesenter Frisør Restaurant Kafé Bakeri Blomster Snekkerservice Maling "
          "Entreprenør Utvikling Teknologi Data IT Kompetanse Gård Fiske Havbruk Skog Landbruk Hytteutleie "
          "Camping Reiseliv Kultur Musikk Film Foto Sport Trening Yoga Omsorg Utleie Renhold Logistikk "
          "Shipping Marine Energi Solenergi Tak Vinduer Grøntanlegg Bil Dekk Tre Stein Anlegg Graving Rådgivning "
          "Advokatfirma Revisjon Eiendomsforvaltning Naturlig Økologisk Sjømat Brygge Trafikkskole Kurs").split()
PREFIXES = ("Nordic Nord Sør Vest Øst Fjord Fjell Havblikk Polar Aurora Viking Nordlys Midnattsol Berg Bølge "
            "Lys Grønn Blå Solid Smart Prima Topp Rask Trygg Ny Gammel Stor Lille Kyst Dal Elv Skog Mjøs "
            "Norsk Scandinavian Arctic Alpin Fri Klar Ren Varm Kald Frisk Solrik Stjerne").split()
CLUBS = ["Idrettslag", "Musikkorps", "Skolekorps", "Velforening", "Sanitetsforening", "Pensjonistforening",
         "Historielag", "Bygdekvinnelag", "Speidergruppe", "Frivilligsentral", "Skytterlag",
         "Jeger- og fiskerforening", "Ungdomslag", "Ballklubb", "Turlag", "Seniordans", "Sjakklubb",
         "Teaterlag", "Mannskor", "Kvinnekor", "Båtforening", "Hagelag", "Motorsportklubb", "FAU",
         "Fotballklubb", "Tennisklubb", "Golfklubb", "Svømmeklubb", "Orienteringslag", "Skiklubb",
         "Røde Kors", "Lions Club", "Rotary Klubb", "Mentor", "Arbeidstreningssenter", "Kirkelige fellesråd"]
STREETS = ("Storgata Kirkegata Skolegata Parkveien Strandveien Fjordveien Industriveien Sjøgata Torget "
           "Bjørkeveien Granveien Furuveien Eikeveien Lindeveien Solbakken Åsveien Dalveien Nordre gate "
           "Søndre gate Havnegata Jernbanegata Stasjonsveien Bryggen Fossveien Myrveien Lia Haugen "
           "Sandvikveien Løkkeveien Rådhusgata Ringveien Kongens gate Dronningens gate").split()
STREETS = [s.replace("_", " ") for s in STREETS]
PURPOSES = [
    "Drive idrettsaktivitet for barn og unge i nærmiljøet.",
    "Fremme helse og trivsel gjennom frivillig innsats.",
    "Skape arbeid og arbeidstrening for personer som står utenfor arbeidslivet.",
    "Selskapets formål er utleie av fast eiendom og hva som står i forbindelse med dette.",
    "Konsulentvirksomhet, salg av tjenester og deltakelse i andre selskaper.",
    "Stiftelsens formål er å støtte tiltak for inkludering og mangfold.",
    "Ivareta medlemmenes interesser og drive kulturaktiviteter.",
]
OLD_NUMBERS = [("3804", "Sandefjord"), ("3807", "Skien"), ("3803", "Tønsberg"), ("3805", "Larvik"),
               ("3801", "Horten"), ("3806", "Porsgrunn"), ("3001", "Halden"), ("3002", "Moss"),
               ("3003", "Sarpsborg"), ("3004", "Fredrikstad"), ("3005", "Drammen"), ("3024", "Bærum"),
               ("3025", "Asker"), ("3030", "Lillestrøm"), ("5401", "Tromsø"), ("5402", "Harstad"),
               ("5403", "Alta"), ("1804", "Bodø")]
BIG = {"0301": 120, "4601": 45, "5001": 38, "1103": 26, "3201": 20, "4204": 18, "3301": 16, "3203": 15,
       "3205": 15, "3107": 13, "1108": 13, "5501": 12, "3907": 10, "3905": 9, "1804": 9, "4003": 9}


def load_kommuner(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split(";") for line in f][1:]
    return [(r[0], r[1].split(" (")[0]) for r in rows if len(r) >= 2]


def check_digit(first8):
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(d) * w for d, w in zip(first8, weights)) % 11
    if r == 1:
        return None
    return 0 if r == 0 else 11 - r


def orgnrs(rng, n):
    base = 810000000 // 10
    produced = 0
    while produced < n:
        base += 1 + int(rng.random() < 0.25) * rng.randint(1, 6)
        first8 = f"{base:08d}"
        d = check_digit(first8)
        if d is None:
            continue
        produced += 1
        yield first8 + str(d)


def date(rng, lo=1950, hi=2025):
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def name_for(rng, form, place):
    if form == "ENK":
        g = rng.choice(GIVEN)
        s = rng.choice(SURNAMES)
        t = rng.random()
        if t < 0.4:
            return f"{g} {s}"
        if t < 0.8:
            return f"{s} {rng.choice(TRADES)} {g} {s}"
        return f"{g}s {rng.choice(TRADES)}"
    if form in ("AS", "ASA", "ANS", "DA", "KS", "NUF", "SA"):
        t = rng.random()
        suffix = {"NUF": "LTD NUF"}.get(form, form)
        if t < 0.35:
            core = f"{rng.choice(PREFIXES)} {rng.choice(TRADES)}"
        elif t < 0.6:
            core = f"{rng.choice(SURNAMES)} {rng.choice(TRADES)}"
        elif t < 0.85:
            core = f"{place} {rng.choice(TRADES)}"
        else:
            core = f"{rng.choice(PREFIXES)}{rng.choice(TRADES).lower()}"
        return f"{core} {suffix}".upper() if rng.random() < 0.5 else f"{core} {suffix}"
    if form == "FLI":
        return f"{place} {rng.choice(CLUBS)}"
    if form == "STI":
        return f"Stiftelsen {rng.choice(PREFIXES)} {rng.choice(['Omsorg', 'Kultur', 'Arbeid', 'Fremtid', 'Hjem', 'Inkludering'])}"
    if form == "BRL":
        return f"{rng.choice(STREETS)} {rng.randint(1, 120)} Borettslag"
    if form in ("ESEK", "SAM"):
        return f"Sameiet {rng.choice(STREETS)} {rng.randint(1, 120)}"
    if form == "ORGL":
        return rng.choice([f"NAV {place}", f"{place} kommune {rng.choice(['Helse og omsorg', 'Oppvekst', 'Teknisk'])}"])
    if form == "KIRK":
        return f"{place} kirkelige fellesråd"
    if form in ("IKS", "KF"):
        return f"{place} {rng.choice(['Havn', 'Renovasjon', 'Eiendom', 'Kino', 'Brann og redning'])} {form}"
    return f"{place} {rng.choice(TRADES)}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--gzip", action="store_true")
    p.add_argument("--seed", type=int, default=2024)
    here = os.path.dirname(os.path.abspath(__file__))
    default_kommuner = "/work/shared/data/kommuner-2024.csv"
    for candidate in (os.path.join(here, "../../content/data/kommuner-2024.csv"), default_kommuner):
        if os.path.exists(candidate):
            default_kommuner = candidate
            break
    p.add_argument("--kommuner", default=default_kommuner)
    a = p.parse_args()

    rng = random.Random(a.seed)
    kommuner = load_kommuner(a.kommuner)
    weights = [BIG.get(k[0], rng.uniform(0.3, 4.0)) for k in kommuner]
    postcode_of = {k[0]: f"{rng.randint(1, 99):02d}{rng.randint(0, 99):02d}" for k in kommuner}
    for number, place in OLD_NUMBERS:
        postcode_of.setdefault(number, f"{rng.randint(1, 99):02d}{rng.randint(0, 99):02d}")
    placed = rng.choices(kommuner, weights=weights, k=200000)
    forms = rng.choices(FORM_CODES, weights=FORM_WEIGHTS, k=200000)

    raw = open(a.out, "wb")
    stream = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) if a.gzip else raw
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    w = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(HEADER)
    parents = []
    empty = [""] * len(HEADER)
    for i, orgnr in enumerate(orgnrs(rng, a.n)):
        row = list(empty)
        form = forms[i % len(forms)] if i % 7 else rng.choice(FORM_CODES)
        number, place = placed[(i * 7919) % len(placed)]
        if rng.random() < 0.03:
            number, place = rng.choice(OLD_NUMBERS)
        row[COL["organisasjonsnummer"]] = orgnr
        row[COL["navn"]] = name_for(rng, form, place)
        row[COL["organisasjonsform.kode"]] = form
        row[COL["organisasjonsform.beskrivelse"]] = FORM_DESC[form]
        nace = rng.choice(NACE)
        row[COL["naeringskode1.kode"]], row[COL["naeringskode1.beskrivelse"]] = nace
        if rng.random() < 0.08:
            row[COL["naeringskode2.kode"]], row[COL["naeringskode2.beskrivelse"]] = rng.choice(NACE)
        employees = 0 if rng.random() < 0.7 else int(rng.paretovariate(1.2))
        row[COL["harRegistrertAntallAnsatte"]] = "true" if employees > 0 else "false"
        if employees >= 5:
            row[COL["antallAnsatte"]] = str(employees)
        if employees > 0:
            row[COL["registreringsdatoAntallAnsatteEnhetsregisteret"]] = date(rng, 2015, 2025)
            row[COL["registreringsdatoantallansatteNAVAaregisteret"]] = date(rng, 2015, 2025)
        if rng.random() < 0.15:
            row[COL["hjemmeside"]] = f"www.{orgnr}.no"
        if rng.random() < 0.1:
            row[COL["epostadresse"]] = f"post@{orgnr}.no"
        if rng.random() < 0.15:
            row[COL["telefon"]] = f"{rng.randint(20000000, 79999999)}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 150)}"
        address = street if rng.random() < 0.85 else f"c/o {rng.choice(SURNAMES)}\n{street}"
        if rng.random() < 0.02:
            address = f"{address}\n{rng.choice(['2. etasje', 'Bygg B', 'Inngang vest'])}"
        postcode = postcode_of[number]
        for prefix in ("forretningsadresse", "postadresse") if rng.random() < 0.3 else ("forretningsadresse",):
            row[COL[prefix + ".adresse"]] = address if prefix == "forretningsadresse" else f"Postboks {rng.randint(1, 999)}"
            row[COL[prefix + ".poststed"]] = place.upper()
            row[COL[prefix + ".postnummer"]] = postcode
            row[COL[prefix + ".kommune"]] = place.upper()
            row[COL[prefix + ".kommunenummer"]] = number
            row[COL[prefix + ".land"]] = "Norge"
            row[COL[prefix + ".landkode"]] = "NO"
        sector = SECTOR.get(form)
        if sector:
            row[COL["institusjonellSektorkode.kode"]], row[COL["institusjonellSektorkode.beskrivelse"]] = sector
        if form in ("AS", "ASA", "SA", "STI") and rng.random() < 0.8:
            row[COL["sisteInnsendteAarsregnskap"]] = str(rng.randint(2018, 2024))
        row[COL["registreringsdatoenhetsregisteret"]] = date(rng, 1995, 2025)
        if rng.random() < 0.6:
            row[COL["stiftelsesdato"]] = date(rng)
        mva = rng.random() < 0.4
        row[COL["registrertIMvaRegisteret"]] = "true" if mva else "false"
        if mva:
            row[COL["registreringsdatoMerverdiavgiftsregisteret"]] = date(rng, 1995, 2025)
        frivillig = form in ("FLI", "STI") and rng.random() < 0.5
        row[COL["registrertIFrivillighetsregisteret"]] = "true" if frivillig else "false"
        if frivillig:
            row[COL["registreringsdatoFrivillighetsregisteret"]] = date(rng, 2009, 2025)
        foretak = form in ("AS", "ASA", "ANS", "DA", "KS", "NUF", "SA") or (form == "ENK" and rng.random() < 0.3)
        row[COL["registrertIForetaksregisteret"]] = "true" if foretak else "false"
        if foretak:
            row[COL["registreringsdatoForetaksregisteret"]] = date(rng, 1995, 2025)
        row[COL["registrertIStiftelsesregisteret"]] = "true" if form == "STI" else "false"
        row[COL["registrertIPartiregisteret"]] = "false"
        bankrupt = rng.random() < 0.01
        row[COL["konkurs"]] = "true" if bankrupt else "false"
        if bankrupt:
            row[COL["konkursdato"]] = date(rng, 2020, 2025)
        winding = rng.random() < 0.01
        row[COL["underAvvikling"]] = "true" if winding else "false"
        if winding:
            row[COL["underAvviklingDato"]] = date(rng, 2020, 2025)
        row[COL["underTvangsavviklingEllerTvangsopplosning"]] = "false"
        if form in ("ORGL", "KF") and parents:
            row[COL["overordnetEnhet"]] = rng.choice(parents)
        elif form in ("AS", "STI") and rng.random() < 0.01:
            parents.append(orgnr)
            del parents[:-1000]
        row[COL["maalform"]] = "Bokmål" if rng.random() < 0.9 else "Nynorsk"
        if form in ("AS", "ASA", "FLI", "STI", "SA"):
            row[COL["vedtektsdato"]] = date(rng, 1990, 2025)
            row[COL["vedtektsfestetFormaal"]] = rng.choice(PURPOSES)
            if rng.random() < 0.1:
                row[COL["vedtektsfestetFormaal"]] += "\n" + rng.choice(PURPOSES)
        if rng.random() < 0.3:
            row[COL["aktivitet"]] = rng.choice(PURPOSES)
        w.writerow(row)
    text.flush()
    text.detach()
    if a.gzip:
        stream.close()
    raw.close()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
