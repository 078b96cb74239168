"""What a generated report says before any wording: who issues it, for which year and
template, and every figure (``Truth``), consistent with the tables' own arithmetic.

Figures are drawn the way real reports spread: most 街道 and 乡镇 receive no or a few
applications, a 区县政府 hundreds; 表四 is mostly zeros; 表二 counts follow the body's
level.  Planted contradictions are applied later, on top of a consistent ``Truth``.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .. import data
from ..data import t3_columns

Key = tuple[str, "str | None"]

#: Weights of the outcome leaves of 表三 (how applications are typically answered).
_OUTCOME_WEIGHTS = {
    "apply.granted": 45, "apply.partial": 9, "apply.denied.state_secret": 0.3,
    "apply.denied.law_forbidden": 0.6, "apply.denied.three_safety": 0.3,
    "apply.denied.third_party": 1.5, "apply.denied.internal_affairs": 1.2,
    "apply.denied.process_info": 1.5, "apply.denied.enforcement_file": 0.5,
    "apply.denied.admin_query": 1.0, "apply.unable.not_held": 20,
    "apply.unable.need_creation": 3, "apply.unable.unclear": 3,
    "apply.not_processed.petition": 3, "apply.not_processed.duplicate": 2,
    "apply.not_processed.publication": 0.5, "apply.not_processed.excessive": 0.5,
    "apply.not_processed.confirm": 0.5,
}
_OTHER_2019 = {"apply.other": 4}
_OTHER_2021 = {"apply.other.no_correction": 2.5, "apply.other.no_fee": 0.2, "apply.other.other": 1.5}
_COLUMN_WEIGHTS = (80, 10, 0.5, 1.5, 5, 3)
_YEARS = {"pre2019": range(2008, 2019), "2019": range(2019, 2021), "2021": range(2021, 2026)}


@dataclass(slots=True)
class Profile:
    kind: str          # street, town, county, dept, province_dept
    name: str          # as the title names it
    full: str          # as the signature names it
    me: str            # self reference: 我街道, 我局
    area: str          # the wider area: 全区
    parent: str        # county or city the body sits in
    city: str
    year: int
    template: str      # "2021", "2019", "pre2019"
    group: str         # whose wording fits it: local, county, dept, province
    mailbox: str       # the mailbox residents write to: 书记信箱, 局长信箱


@dataclass(slots=True)
class Truth:
    """Every figure of the report, keyed by (metric, column); column only for 表三."""
    values: dict[Key, float] = field(default_factory=dict)

    def get(self, metric: str, column: str | None = None) -> float:
        return self.values.get((metric, column), 0)


def make_profile(rng: random.Random) -> Profile:
    """An issuer and a year, with names built from real place names."""
    s = data.load("synth")
    kinds = s["kinds"]
    kind = rng.choices(list(kinds), weights=[k["weight"] for k in kinds.values()])[0]
    template = rng.choices(("pre2019", "2019", "2021"), weights=(35, 25, 40))[0]
    year = rng.choice(_YEARS[template])
    if template == "2021" and year <= 2022 and rng.random() < 0.06:
        template = "2019"              # a late report still on the old table format
    province, city, counties = rng.choice(s["places"]["regions"])
    county = rng.choice(_in_era(counties, s["eras"]["places"], year))
    suffix = rng.choice(kinds[kind]["suffixes"])
    if kind in ("street", "town"):
        base = rng.choice(s["places"][f"{kind}s"])
        name = base + suffix
        full = kinds[kind]["full"].format(county=county, base=base, town=suffix[0])
    elif kind == "county":
        name = full = county + suffix
    else:
        level = "county_depts" if kind == "dept" else "province_depts"
        body = rng.choice(_in_era(s["places"][level], s["eras"][level], year))
        name = full = (county if kind == "dept" else province) + body
    unit = next((short for long, short in s["places"]["unit_short"].items() if name.endswith(long)),
                name[-1])
    words = {"level": county[-1], "town": suffix[:1], "unit": unit,
             "chief": s["places"]["chiefs"].get(unit, "")}
    me = rng.choice(kinds[kind]["me"]).format(**words)
    area = rng.choice(kinds[kind]["area"]).format(**words)
    mailbox = rng.choice(kinds[kind]["mailbox"]).format(**words)
    return Profile(kind=kind, name=name, full=full, me=me, area=area, parent=county, city=city,
                   year=year, template=template, group=kinds[kind]["group"], mailbox=mailbox)


def _in_era(names: list[str], eras: dict[str, list], year: int) -> list[str]:
    """``names`` as they were called in ``year``, leaving out bodies and places that did
    not exist yet (a 2011 report is not signed by a 自然资源和规划局)."""
    out = []
    for name in names:
        then = next((n for since, n in reversed(eras.get(name, [[0, name]])) if year >= since))
        if then:
            out.append(then)
    return out


def make_truth(rng: random.Random, p: Profile) -> Truth:
    """All figures of one report, mutually consistent."""
    t = Truth()
    k = data.load("synth")["kinds"][p.kind]
    lo, hi = k["proactive"]
    total = _loguniform(rng, lo, hi)
    t.values[("proactive.total", None)] = total
    t.values[("proactive.website", None)] = round(total * rng.uniform(0.3, 0.95))
    t.values[("proactive.wechat", None)] = round(total * rng.uniform(0.05, 0.6)) if p.year >= 2013 else 0
    t.values[("proactive.weibo", None)] = round(total * rng.uniform(0.0, 0.5)) if p.year >= 2011 else 0
    gazette = p.kind in ("county", "province_dept") and rng.random() < 0.5
    t.values[("proactive.gazette", None)] = rng.randint(1, 30) if gazette else 0
    t.values[("proactive.other_channels", None)] = rng.randint(0, max(1, total // 5))
    new = 0 if rng.random() < k["zero_apply"] else _loguniform(rng, 1, k["apply_max"])
    if p.template == "pre2019":
        _stats(rng, t, new)
    else:
        _table3(rng, t, new, p.template)
        _table4(rng, t, p.kind)
        (_table2_2021 if p.template == "2021" else _table2_2019)(rng, t, p.kind)
    t.values[("responses.interpretations", None)] = rng.randint(0, 30)
    t.values[("responses.hot_topics", None)] = rng.randint(0, 20)
    sessions = rng.randint(1, 6)
    t.values[("training.sessions", None)] = sessions
    t.values[("training.attendees", None)] = sessions * rng.randint(8, 60)
    visits = {m: _loguniform(rng, 1, 8 * k["apply_max"]) if rng.random() < 0.8 else 0
              for m in ("consultations.onsite", "consultations.phone", "consultations.online")}
    t.values.update({(m, None): v for m, v in visits.items()})
    t.values[("consultations.total", None)] = sum(visits.values())
    ft, pt = rng.randint(1, 3), rng.randint(0, 5)
    t.values.update({("staff.fulltime", None): ft, ("staff.parttime", None): pt,
                     ("staff.total", None): ft + pt})
    return t


def _loguniform(rng: random.Random, lo: int, hi: int) -> int:
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def _split(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    """``n`` items dealt among ``weights``' keys (a multinomial draw)."""
    keys = list(weights)
    out = dict.fromkeys(keys, 0)
    for key in rng.choices(keys, weights=[weights[x] for x in keys], k=n):
        out[key] += 1
    return out


def _table3(rng: random.Random, t: Truth, new: int, template: str) -> None:
    cols = t3_columns()[:-1]
    col_w = dict(zip(cols, (w * rng.uniform(0.3, 1.7) for w in _COLUMN_WEIGHTS)))
    per_col = _split(rng, new, col_w)
    leaves = {**_OUTCOME_WEIGHTS, **(_OTHER_2021 if template == "2021" else _OTHER_2019)}
    leaves = {m: w * rng.uniform(0.2, 2.0) for m, w in leaves.items()}
    rows: dict[str, dict[str, int]] = {}
    for c in cols:
        n = per_col[c]
        over = rng.choice((0, 0, 0, 1, 2)) if n and rng.random() < 0.25 else 0
        fwd = rng.randint(0, min(3, n + over)) if rng.random() < 0.25 else 0
        handled = n + over - fwd
        rows.setdefault("apply.new", {})[c] = n
        rows.setdefault("apply.carried_over", {})[c] = over
        rows.setdefault("apply.carried_forward", {})[c] = fwd
        rows.setdefault("apply.total_handled", {})[c] = handled
        for m, v in _split(rng, handled, leaves).items():
            rows.setdefault(m, {})[c] = v
    for m, by_col in rows.items():
        for c, v in by_col.items():
            t.values[(m, c)] = v
        t.values[(m, "total")] = sum(by_col.values())
    for agg in ("apply.denied", "apply.unable", "apply.not_processed", "apply.other"):
        if agg not in rows:      # prose states these sums of printed rows
            for c in t3_columns():
                t.values[(agg, c)] = sum(t.get(m, c) for m in data.metrics()[agg].parts)


def _table4(rng: random.Random, t: Truth, kind: str) -> None:
    busy = 0.5 if kind in ("county", "province_dept") else 0.1
    for prefix in ("review", "litigation.direct", "litigation.after_review"):
        n = rng.randint(1, 12) if rng.random() < busy else 0
        parts = _split(rng, n, {"upheld": 5, "corrected": 1, "other": 2, "pending": 1.5})
        for s, v in parts.items():
            t.values[(f"{prefix}.{s}", None)] = v
        t.values[(f"{prefix}.total", None)] = n
    t.values[("litigation.total", None)] = (t.get("litigation.direct.total")
                                            + t.get("litigation.after_review.total"))


def _count(rng: random.Random, kind: str, lo: int, hi: int, zero: float = 0.3) -> int:
    scale = {"street": 0.2, "town": 0.2, "dept": 1, "county": 3, "province_dept": 3}[kind]
    return 0 if rng.random() < zero else _loguniform(rng, lo, max(lo, int(hi * scale)))


def _table2_2019(rng: random.Random, t: Truth, kind: str) -> None:
    made = _count(rng, kind, 1, 15, 0.6)
    t.values.update({("rules.made", None): 0, ("rules.published", None): 0,
                     ("rules.total_public", None): rng.choice((0, 0, rng.randint(1, 20))),
                     ("normative.made", None): made, ("normative.published", None): made,
                     ("normative.total_public", None): made + _count(rng, kind, 1, 60, 0.4)})
    for item in ("license", "other_services", "penalty", "enforcement"):
        prev = _count(rng, kind, 1, 300, 0.5)
        t.values[(f"{item}.prev_items", None)] = prev
        t.values[(f"{item}.change", None)] = rng.choice((0, 0, 0, rng.randint(-min(prev, 5), 20)))
        t.values[(f"{item}.decisions", None)] = _count(rng, kind, 1, 3000, 0.4)
    t.values[("fees.prev_items", None)] = _count(rng, kind, 1, 10, 0.7)
    t.values[("fees.change", None)] = 0
    items = _count(rng, kind, 1, 40, 0.5)
    t.values[("procurement.items", None)] = items
    t.values[("procurement.amount", None)] = round(items * rng.uniform(3, 120), 2) if items else 0


def _table2_2021(rng: random.Random, t: Truth, kind: str) -> None:
    issued = _count(rng, kind, 1, 15, 0.6)
    t.values.update({("rules.issued", None): 0, ("rules.repealed", None): 0,
                     ("rules.in_force", None): rng.choice((0, 0, rng.randint(1, 20))),
                     ("normative.issued", None): issued,
                     ("normative.repealed", None): rng.choice((0, 0, rng.randint(0, 3))),
                     ("normative.in_force", None): issued + _count(rng, kind, 1, 60, 0.4)})
    for item in ("license", "penalty", "enforcement"):
        t.values[(f"{item}.decisions", None)] = _count(rng, kind, 1, 3000, 0.4)
    fee = _count(rng, kind, 1, 500, 0.7)
    t.values[("fees.amount", None)] = round(fee * rng.uniform(0.5, 1.5), 4) if fee else 0


#: Why a pre-2019 统计表 says 不同意公开 (its sub-rows; ``~`` rows have no metric id).
_DENIED_WHY = {"apply.denied.state_secret": 1, "~denied.trade_secret": 1, "~denied.privacy": 2,
               "apply.denied.three_safety": 0.5, "~denied.not_gov_info": 2,
               "apply.denied.law_forbidden": 1}


def _deal(rng: random.Random, t: Truth, total: str, weights: dict[str, float]) -> None:
    """Sub-rows that add up to the row ``total`` already holds."""
    t.values.update({(m, None): v for m, v in _split(rng, int(t.get(total)), weights).items()})


def _stats(rng: random.Random, t: Truth, new: int) -> None:
    """The figures of a pre-2019 统计表: channels sum to applications received, replies
    to applications answered, on-time plus extended to applications concluded, review
    and litigation results to their counts; figures of rows without a metric id
    (商业秘密, 专门机构数) are keyed ``~name``."""
    ch = _split(rng, new, {"apply.channel.online": 5, "apply.channel.in_person": 3,
                           "apply.channel.letter": 2, "apply.channel.fax": 0.3,
                           "apply.channel.other": 0.3})
    t.values.update({(m, None): v for m, v in ch.items()})
    concluded = new - (rng.randint(0, min(2, new)) if rng.random() < 0.2 else 0)
    extended = rng.randint(0, min(2, concluded)) if rng.random() < 0.2 else 0
    answers = _split(rng, concluded, {"apply.granted": 10, "apply.partial": 2,
                                      "apply.already_public": 2, "apply.denied": 1,
                                      "apply.not_this_agency": 4, "apply.not_exist": 1,
                                      "apply.correction_notice": 1, "apply.other_channel": 1})
    t.values.update({(m, None): v for m, v in answers.items()})
    _deal(rng, t, "apply.denied", _DENIED_WHY)
    review, litigation = rng.choice((0,) * 8 + (1, 2)), rng.choice((0,) * 9 + (1,))
    t.values.update({("review.total", None): review, ("litigation.total", None): litigation})
    _deal(rng, t, "review.total", {"review.upheld": 5, "review.corrected": 1, "review.other": 2})
    _deal(rng, t, "litigation.total", {"~litigation.upheld": 5, "~litigation.corrected": 1,
                                       "~litigation.other": 2})
    t.values.update({("apply.new", None): new, ("apply.concluded", None): concluded,
                     ("apply.concluded_on_time", None): concluded - extended,
                     ("apply.concluded_extended", None): extended,
                     ("apply.answered", None): concluded,
                     ("complaints.total", None): rng.choice((0,) * 6 + (1, 2, 3)),
                     ("fees.collected", None): 0, ("meetings.total", None): rng.randint(0, 6),
                     ("responses.press_conferences", None): rng.randint(0, 4),
                     ("responses.online_interviews", None): rng.randint(0, 3),
                     ("responses.weibo_wechat", None): rng.randint(0, 20)})
