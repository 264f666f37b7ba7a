"""Turn the hand annotations below into the gold JSONL files (offsets computed, never counted).

The annotations were made by reading each passage of the corpus and listing, in reading order,
every entity, statistic and stated relation in it (guidelines: README.md in this folder). This
script only locates each listed surface text inside its passage (searching forward from the
previous item, whitespace- and quote-insensitive) and writes exact character offsets into
``extraction.reader.read_report(path).text``. Run from the repository root:

    .venv/bin/python tests/data/gold/make_gold.py [CORPUS_DIR]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from extraction.reader import read_report  # noqa: E402

ALL = ("entities", "relations", "statistics")
STATS = ("statistics",)

# Each passage: doc file, first words, last words, layers annotated completely in it, then
# entities as (surface, type, canonical label), statistics as
# (surface, value, unit, measure, subject label or None, date or None) and relations as
# (subject label, predicate, object label, a phrase of the stating sentence).
PASSAGES = [
    dict(
        id="000-mettrace", doc="000_b655f950f9e4daba.txt", layers=ALL,
        start="For example, in May 2015 the force introduced", end="in non-MetTrace areas.",
        entities=[
            ("MetTrace", "Initiative", "MetTrace"),
            ("burglary", "CrimeType", "burglary"),
            ("MetTrace", "Initiative", "MetTrace"),
            ("MetTrace", "Initiative", "MetTrace"),
            ("MetTrace", "Initiative", "MetTrace"),
        ],
        statistics=[
            ("205,136 homes", 205136, "count", "homes", "MetTrace", None),
            ("26.2 percent", 26.2, "percent", "reduction in crimes", "MetTrace", None),
            ("4.4 percent", 4.4, "percent", "reduction in crimes in non-MetTrace areas", None, None),
        ],
        relations=[
            ("Metropolitan Police Service", "runsInitiative", "MetTrace", "the force introduced its MetTrace"),
            ("MetTrace", "targets", "burglary", "the force introduced its MetTrace burglary reduction"),
        ],
    ),
    dict(
        id="000-dvpo", doc="000_b655f950f9e4daba.txt", layers=ALL,
        start="The force’s use of domestic abuse protection orders", end="The force does not record DVPO breaches.",
        entities=[
            ("domestic abuse protection orders", "Power", "DVPO"),
            ("DVPOs", "Power", "DVPO"),
            ("DVPNs", "Power", "DVPN"),
            ("Clare’s Law", "Power", "Clare's Law"),
            ("DVPOs", "Power", "DVPO"),
            ("domestic-abuse", "CrimeType", "domestic abuse"),
            ("domestic abuse", "CrimeType", "domestic abuse"),
            ("DVPOs", "Power", "DVPO"),
            ("DVPO", "Power", "DVPO"),
        ],
        statistics=[
            ("126 DVPOs", 126, "count", "DVPO applications", "DVPO", "12 months to 30 June 2016"),
            ("0.2 applications per 100", 0.2, "per 100", "DVPO applications per 100 domestic-abuse-flagged offences", "DVPO", "12 months to 30 June 2016"),
            ("1.0 applications per 100", 1.0, "per 100", "DVPO applications per 100 domestic abuse-flagged offences in England and Wales", "DVPO", None),
            ("120 DVPOs", 120, "count", "DVPOs granted", "DVPO", "12 months to 30 June 2016"),
        ],
        relations=[
            ("Metropolitan Police Service", "usesPower", "DVPO", "The force’s use of domestic abuse protection orders"),
            ("Metropolitan Police Service", "usesPower", "DVPN", "The force’s use of domestic abuse protection orders"),
            ("Metropolitan Police Service", "usesPower", "Clare's Law", "Its use of Clare’s Law"),
        ],
    ),
    dict(
        id="000-gangs", doc="000_b655f950f9e4daba.txt", layers=ALL,
        start="As well as OCGs, as at 1 July 2016", end="there were 3,563 people on the matrix.",
        entities=[
            ("Trident gang crime command", "Unit", "Trident"),
            ("gang violence", "CrimeType", "gang violence"),
            ("OCG mapping", "RiskAssessmentTool", "OCGM"),
            ("gangs matrix", "RiskAssessmentTool", "gangs matrix"),
            ("gangs matrix", "RiskAssessmentTool", "gangs matrix"),
            ("gangs matrix", "RiskAssessmentTool", "gangs matrix"),
        ],
        statistics=[
            ("195 urban street gangs", 195, "count", "urban street gangs managed", None, "1 July 2016"),
            ("3,563 people", 3563, "count", "people on the gangs matrix", "gangs matrix", None),
        ],
        relations=[
            ("Metropolitan Police Service", "hasUnit", "Trident", "Its Trident gang crime command has responsibility"),
            ("Trident", "tackles", "gang violence", "Its Trident gang crime command has responsibility for tackling gang violence"),
        ],
    ),
    dict(
        id="000-soc", doc="000_b655f950f9e4daba.txt", layers=ALL,
        start="As at 1 July 2016, the force had 727 active OCGs", end="on the previous year.",
        entities=[
            ("OCGM tracker", "RiskAssessmentTool", "OCGM"),
            ("organised crime", "CrimeType", "organised crime"),
            ("Trident gang crime commands", "Unit", "Trident"),
            ("organised crime", "CrimeType", "organised crime"),
            ("Trident", "Unit", "Trident"),
        ],
        statistics=[
            ("727 active OCGs", 727, "count", "active OCGs", "OCGM", "1 July 2016"),
            ("1,065 officers", 1065, "count", "officers working in organised crime", None, None),
            ("68 staff", 68, "count", "staff working in organised crime", None, None),
            ("478 officers", 478, "count", "officers working in Trident", "Trident", None),
            ("£73m", 73_000_000, "GBP", "cash and assets seized", None, "2015-16"),
            ("10.4 percent", 10.4, "percent", "increase on the previous year", None, "2015-16"),
        ],
        relations=[
            ("Metropolitan Police Service", "hasUnit", "Trident", "carried out by staff within its organised crime and Trident"),
        ],
    ),
    dict(
        id="000-prevention", doc="000_b655f950f9e4daba.txt", layers=ALL,
        start="The force has had real success preventing serious and organised crime involving",
        end="This is an example of good practice.",
        entities=[
            ("serious and organised crime", "CrimeType", "serious and organised crime"),
            ("Trident command", "Unit", "Trident"),
            ("Operation Boa", "Initiative", "Operation Boa"),
            ("criminal behaviour orders", "Power", "criminal behaviour order"),
            ("gangs matrix", "RiskAssessmentTool", "gangs matrix"),
            ("London Gang Exit", "Initiative", "London Gang Exit"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("Information sharing to tackle violence", "Initiative", "Information sharing to tackle violence"),
            ("Greater London Authority", "PartnerOrganisation", "Greater London Authority"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("DIVERT", "Initiative", "DIVERT"),
            ("FALCON", "Unit", "FALCON"),
            ("Flying Squad", "Unit", "Flying Squad"),
            ("lifetime offender management unit", "Unit", "lifetime offender management unit"),
            ("serious crime prevention orders", "Power", "SCPO"),
            ("SCPOs", "Power", "SCPO"),
            ("SCPOs", "Power", "SCPO"),
            ("SCPOs", "Power", "SCPO"),
            ("CPS", "PartnerOrganisation", "CPS"),
            ("SCPOs", "Power", "SCPO"),
            ("SCPO", "Power", "SCPO"),
            ("SCPOs", "Power", "SCPO"),
        ],
        statistics=[
            ("18 ‘gang boroughs’", 18, "count", "gang boroughs", None, None),
            ("32", 32, "count", "boroughs", None, None),
            ("44 percent", 44, "percent", "individuals on the gangs matrix in custody or subject to an order", "gangs matrix", None),
            ("30 percent", 30, "percent", "individuals on the gangs matrix in custody or subject to an order three years ago", "gangs matrix", None),
            ("161 people", 161, "count", "people on the programme", "DIVERT", None),
            ("50", 50, "count", "people found employment", "DIVERT", None),
            ("11", 11, "count", "people on the programme who re-offended", "DIVERT", None),
            ("161 people", 161, "count", "people on the programme", "DIVERT", None),
            ("94 individuals", 94, "count", "individuals on a SCPO managed", "SCPO", "1 July 2016"),
        ],
        relations=[
            ("Trident", "runsInitiative", "Operation Boa", "the Trident command houses Operation Boa"),
            ("Metropolitan Police Service", "worksWith", "Greater London Authority", "partnership between the force, the Greater London Authority and MOPAC"),
            ("Metropolitan Police Service", "worksWith", "MOPAC", "partnership between the force, the Greater London Authority and MOPAC"),
            ("Metropolitan Police Service", "runsInitiative", "Information sharing to tackle violence", "partnership between the force, the Greater London Authority and MOPAC"),
            ("Metropolitan Police Service", "runsInitiative", "DIVERT", "DIVERT is a force-wide"),
            ("lifetime offender management unit", "managesOffenders", "SCPO", "The lifetime offender management unit is a small team that monitors"),
            ("Metropolitan Police Service", "usesPower", "SCPO", "The force submits the application for SCPOs"),
            ("Metropolitan Police Service", "worksWith", "CPS", "The force submits the application for SCPOs"),
        ],
    ),
    dict(
        id="000-crime-trends", doc="000_b655f950f9e4daba.txt", layers=STATS,
        start="When compared with the 12 months to 30 June 2011", end="in England and Wales over the same period.",
        statistics=[
            ("6.3 percent", 6.3, "percent", "decrease in police-recorded crime (excluding fraud)", None, "12 months to 30 June 2016"),
            ("3.4 percent", 3.4, "percent", "decrease across all forces in England and Wales", None, "12 months to 30 June 2016"),
            ("6.8 percent", 6.8, "percent", "decrease in victim-based crime", None, None),
            ("0.5 percent", 0.5, "percent", "decrease for England and Wales", None, None),
            ("3.3 percent", 3.3, "percent", "increase in police-recorded crime (excluding fraud)", None, "year ending 30 June 2016"),
            ("7.8 percent", 7.8, "percent", "increase across all forces in England and Wales", None, None),
        ],
    ),
    dict(
        id="001-prevention", doc="001_174d17988d4d6e4f.txt", layers=ALL,
        start="The force uses the ‘London gang exit’ service", end="that work with children.",
        entities=[
            ("London gang exit", "Initiative", "London Gang Exit"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("Safer London foundation", "PartnerOrganisation", "Safer London foundation"),
            ("Divert", "Initiative", "DIVERT"),
            ("organised crime", "CrimeType", "organised crime"),
            ("Home Office", "PartnerOrganisation", "Home Office"),
            ("Trident team", "Unit", "Trident"),
            ("Premier League kicks", "PartnerOrganisation", "Premier League kicks"),
        ],
        statistics=[
            ("8 percent", 8, "percent", "re-offending rate", "DIVERT", None),
            ("13 football clubs", 13, "count", "football clubs", "Premier League kicks", None),
        ],
        relations=[
            ("Metropolitan Police Service", "runsInitiative", "London Gang Exit", "The force uses the ‘London gang exit’ service"),
            ("Metropolitan Police Service", "runsInitiative", "DIVERT", "It also uses ‘Divert’"),
            ("DIVERT", "targets", "organised crime", "It also uses ‘Divert’"),
            ("Trident", "worksWith", "Premier League kicks", "The Trident team works with many youth groups"),
        ],
    ),
    dict(
        id="001-orders", doc="001_174d17988d4d6e4f.txt", layers=ALL,
        start="The force uses a range of tactics to tackle organised crime. The violent crime task force",
        end="organised criminals is good practice.",
        entities=[
            ("organised crime", "CrimeType", "organised crime"),
            ("violent crime task force", "Unit", "violent crime task force"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("knife crime", "CrimeType", "knife crime"),
            ("Trident team", "Unit", "Trident"),
            ("gun crime", "CrimeType", "gun crime"),
            ("violence reduction unit", "Unit", "violence reduction unit"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("gang-related crime", "CrimeType", "gang crime"),
            ("gang violence", "CrimeType", "gang violence"),
            ("cybercrime", "CrimeType", "cybercrime"),
            ("fraud", "CrimeType", "fraud"),
            ("Falcon unit", "Unit", "FALCON"),
            ("fraud", "CrimeType", "fraud"),
            ("cybercrime", "CrimeType", "cybercrime"),
            ("cybercrime", "CrimeType", "cybercrime"),
            ("MASHs", "PartnerOrganisation", "MASH"),
            ("economic victims of crime unit", "Unit", "economic victims of crime unit"),
            ("City of London Police", "Force", "City of London Police"),
            ("fraud", "CrimeType", "fraud"),
            ("cybercrime", "CrimeType", "cybercrime"),
            ("fraud", "CrimeType", "fraud"),
            ("cybercrime", "CrimeType", "cybercrime"),
            ("Trident gang command offender management unit", "Unit", "Trident gang command offender management unit"),
            ("serious crime prevention orders", "Power", "SCPO"),
            ("SCPOs", "Power", "SCPO"),
            ("violent offender orders", "Power", "violent offender order"),
            ("anti-social behaviour orders", "Power", "anti-social behaviour order"),
            ("SCPOs", "Power", "SCPO"),
            ("gang violence", "CrimeType", "gang violence"),
        ],
        statistics=[
            ("134 people", 134, "count", "people with active SCPOs", "SCPO", None),
        ],
        relations=[
            ("violent crime task force", "tackles", "knife crime", "The violent crime task force is a team of officers funded by MOPAC"),
            ("Metropolitan Police Service", "hasUnit", "Trident", "The force also has the long-established Trident team"),
            ("Trident", "tackles", "gun crime", "The force also has the long-established Trident team"),
            ("violence reduction unit", "tackles", "gang crime", "These teams work closely with the violence reduction unit"),
            ("Metropolitan Police Service", "hasUnit", "FALCON", "The Falcon unit (the force’s response to fraud and cybercrime)"),
            ("FALCON", "tackles", "fraud", "The Falcon unit (the force’s response to fraud and cybercrime)"),
            ("FALCON", "tackles", "cybercrime", "The Falcon unit (the force’s response to fraud and cybercrime)"),
            ("Metropolitan Police Service", "hasUnit", "economic victims of crime unit", "The force also founded the economic victims of crime unit"),
            ("Metropolitan Police Service", "worksWith", "City of London Police", "The force also founded the economic victims of crime unit"),
            ("Trident gang command offender management unit", "partOf", "Trident", "The Trident gang command offender management unit oversees"),
            ("Metropolitan Police Service", "usesPower", "SCPO", "The force uses serious crime prevention orders (SCPOs)"),
            ("Metropolitan Police Service", "usesPower", "violent offender order", "The force uses serious crime prevention orders (SCPOs)"),
            ("Metropolitan Police Service", "usesPower", "anti-social behaviour order", "The force uses serious crime prevention orders (SCPOs)"),
        ],
    ),
    dict(
        id="001-vctf", doc="001_174d17988d4d6e4f.txt", layers=ALL,
        start="The force is working with other organisations to develop an effective response to knife",
        end="Viper teams (who deal with criminal use of firearms) and the VCTF.",
        entities=[
            ("knife and gun crime", "CrimeType", "knife and gun crime"),
            ("violent crime task force", "Unit", "violent crime task force"),
            ("VCTF", "Unit", "violent crime task force"),
            ("MOPAC", "PartnerOrganisation", "MOPAC"),
            ("knife crime", "CrimeType", "knife crime"),
            ("Trident team", "Unit", "Trident"),
            ("gun crime", "CrimeType", "gun crime"),
            ("knife and gun crime", "CrimeType", "knife and gun crime"),
            ("Trident teams", "Unit", "Trident"),
            ("Viper teams", "Unit", "Viper"),
            ("VCTF", "Unit", "violent crime task force"),
        ],
        statistics=[],
        relations=[
            ("Metropolitan Police Service", "hasUnit", "violent crime task force", "It set up the violent crime task force (VCTF)"),
            ("violent crime task force", "tackles", "knife crime", "It set up the violent crime task force (VCTF)"),
            ("Trident", "tackles", "gun crime", "This team works effectively with the long-established Trident team"),
        ],
    ),
    dict(
        id="001-domestic-abuse", doc="001_174d17988d4d6e4f.txt", layers=STATS,
        start="The force’s domestic abuse arrest rate is 34.6 percent", end="almost double that of the England and Wales average.",
        statistics=[
            ("34.6 percent", 34.6, "percent", "domestic abuse arrest rate", "domestic abuse", None),
            ("31.8 percent", 31.8, "percent", "England and Wales average domestic abuse arrest rate", "domestic abuse", None),
        ],
    ),
    dict(
        id="001-marac", doc="001_174d17988d4d6e4f.txt", layers=ALL,
        start="Officers refer all high-risk domestic abuse cases to MARACs",
        end="improve the number of referrals made.",
        entities=[
            ("domestic abuse", "CrimeType", "domestic abuse"),
            ("MARACs", "RiskAssessmentTool", "MARAC"),
            ("SafeLives", "PartnerOrganisation", "SafeLives"),
            ("domestic abuse", "CrimeType", "domestic abuse"),
            ("domestic abuse", "CrimeType", "domestic abuse"),
            ("MARAC", "RiskAssessmentTool", "MARAC"),
            ("SafeLives", "PartnerOrganisation", "SafeLives"),
        ],
        statistics=[
            ("13,370", 13370, "count", "cases the force should refer to MARAC", "MARAC", None),
            ("11,508", 11508, "count", "cases discussed", "MARAC", None),
            ("389", 389, "count", "increase in cases since the previous year", "MARAC", None),
        ],
        relations=[
            ("Metropolitan Police Service", "worksWith", "SafeLives", "The force is working with SafeLives"),
        ],
    ),
    dict(
        id="004-prevention", doc="004_d9a8730beb81e948.txt", layers=ALL,
        start="Promising initiatives include:", end="deployed effectively.",
        entities=[
            ("Operation Makesafe", "Initiative", "Operation Makesafe"),
            ("child sexual exploitation", "CrimeType", "child sexual exploitation"),
            ("burglary", "CrimeType", "burglary"),
        ],
        statistics=[],
        relations=[
            ("Operation Makesafe", "targets", "child sexual exploitation", "Operation Makesafe, focusing on"),
        ],
    ),
    dict(
        id="004-soc", doc="004_d9a8730beb81e948.txt", layers=ALL,
        start="The force has responded well in the areas for improvement relating to serious",
        end="the National Crime Agency.",
        entities=[
            ("serious and organised crime", "CrimeType", "serious and organised crime"),
            ("serious and organised crime", "CrimeType", "serious and organised crime"),
            ("HM Revenue & Customs", "PartnerOrganisation", "HM Revenue & Customs"),
            ("National Crime Agency", "PartnerOrganisation", "National Crime Agency"),
        ],
        statistics=[],
        relations=[
            ("Metropolitan Police Service", "worksWith", "HM Revenue & Customs", "working in collaboration with local partners"),
            ("Metropolitan Police Service", "worksWith", "National Crime Agency", "working in collaboration with local partners"),
        ],
    ),
    dict(
        id="004-vulnerability", doc="004_d9a8730beb81e948.txt", layers=ALL,
        start="frontline staff have a limited understanding of modern slavery;",
        end="dealing with known sex offenders.",
        entities=[
            ("modern slavery", "CrimeType", "modern slavery"),
            ("THRIVE", "RiskAssessmentTool", "THRIVE"),
            ("multi-agency risk assessment conferences", "RiskAssessmentTool", "MARAC"),
        ],
        statistics=[],
        relations=[],
    ),
    dict(
        id="004-afi-powers", doc="004_d9a8730beb81e948.txt", layers=ALL,
        start="The force should review its use of domestic violence protection orders",
        end="to safeguard victims of domestic abuse.",
        entities=[
            ("domestic violence protection orders", "Power", "DVPO"),
            ("domestic violence protection notices", "Power", "DVPN"),
            ("Clare’s Law", "Power", "Clare's Law"),
            ("domestic abuse", "CrimeType", "domestic abuse"),
        ],
        statistics=[],
        relations=[
            ("Metropolitan Police Service", "usesPower", "DVPO", "The force should review its use of domestic violence protection orders"),
            ("Metropolitan Police Service", "usesPower", "DVPN", "The force should review its use of domestic violence protection orders"),
            ("Metropolitan Police Service", "usesPower", "Clare's Law", "The force should review its use of domestic violence protection orders"),
        ],
    ),
    dict(
        id="003-crime-trends", doc="003_457220dca10d38e6.txt", layers=STATS,
        start="When compared with the 12 months to June 2010", end="compared with a 1 percent reduction across England and Wales.",
        statistics=[
            ("14 percent", 14, "percent", "reduction in recorded crime (excluding fraud)", None, "12 months to June 2014"),
            ("16 percent", 16, "percent", "reduction across all forces in England and Wales", None, "12 months to June 2014"),
            ("12 percent", 12, "percent", "decrease in victim-based crime", None, None),
            ("16 percent", 16, "percent", "reduction across England and Wales", None, None),
            ("4 percent", 4, "percent", "reduction in recorded crime (excluding fraud)", None, "12 months prior to the end of June 2014"),
            ("1 percent", 1, "percent", "reduction across England and Wales", None, None),
        ],
    ),
]


def pattern(surface: str) -> re.Pattern:
    """Whitespace runs match any white space (PDF line wraps); straight and curly quotes match."""
    parts = []
    for ch in surface:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'’‘":
            parts.append("['’‘]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def find(text: str, surface: str, start: int, end: int, what: str) -> re.Match:
    m = pattern(surface).search(text, start, end)
    if not m:
        raise SystemExit(f"{what}: {surface!r} not found in {text[start:end][:80]!r}...")
    return m


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): back to the previous full stop/colon/paragraph, on to the next."""
    b = start
    while b > 0 and not re.match(r"[.;:!?]\s|\n\s*\n|\n\s*•", text[b - 1 : b + 1]):
        b -= 1
    while b < start and text[b].isspace():
        b += 1
    e = end
    while e < len(text) and not (text[e] in ".;!?" and (e + 1 == len(text) or text[e + 1].isspace())):
        e += 1
    return b, min(e + 1, len(text))


def main(corpus: Path) -> None:
    spans, entities, statistics, relations = [], [], [], []
    for p in PASSAGES:
        source = read_report(corpus / p["doc"])
        text = source.text
        s = find(text, p["start"], 0, len(text), p["id"]).start()
        e = find(text, p["end"], s, len(text), p["id"]).end()
        spans.append(dict(id=p["id"], doc=p["doc"], doc_id=source.doc_id, start=s, end=e,
                          layers=list(p["layers"]), text=text[s:e]))
        pos = s
        for surface, etype, label in p.get("entities", []):
            m = find(text, surface, pos, e, p["id"])
            entities.append(dict(span=p["id"], doc=p["doc"], start=m.start(), end=m.end(),
                                 text=m.group(0), type=etype, label=label))
            pos = m.end()
        pos = s
        for surface, value, unit, measure, subject, date in p.get("statistics", []):
            m = find(text, surface, pos, e, p["id"])
            statistics.append(dict(span=p["id"], doc=p["doc"], start=m.start(), end=m.end(),
                                   text=m.group(0), value=value, unit=unit, measure=measure,
                                   subject=subject, date=date))
            pos = m.end()
        for subj, pred, obj, phrase in p.get("relations", []):
            m = find(text, phrase, s, e, p["id"])
            b, f = sentence_bounds(text, m.start(), m.end())
            relations.append(dict(span=p["id"], doc=p["doc"], subject=subj, predicate=pred,
                                  object=obj, start=b, end=f,
                                  sentence=" ".join(text[b:f].split())))
    for name, rows in [("spans", spans), ("entities", entities), ("statistics", statistics),
                       ("relations", relations)]:
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}: {len(rows)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpus"))
