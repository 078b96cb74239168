"""Write a report: paragraphs and table grids, each figure annotated where it sits.

The wording comes from ``govtext/data/synth.toml``; this module decides which sentences
a report has, fills their slots from the figures it is told to state (``said``, which
differs from the tables only where a contradiction is planted) and builds the tables
from ``shown``.  The result is a list of :class:`Para` and :class:`Grid`, which the
layouts render to text and :mod:`govtext.synth.gold` turns into ground truth.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import regex

from .. import data
from ..data import chinese_numeral, t3_columns
from .content import Profile, Truth

_SLOT = regex.compile(r"\{(\w+)(?::([^}]*))?\}|<([\w.]+)\|([^>]*)>")
_CLAUSE_END = "，,。；;：:！？\n"


@dataclass(slots=True)
class Para:
    text: str
    role: str = "body"              # chrome, title, heading, sub, body
    kind: str | None = None         # the section kind of a top-level heading
    figures: list[dict[str, Any]] = field(default_factory=list)
    #: totals with their listed parts and shares: indices into ``figures``
    groups: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    table: str
    rows: list[list[str]]
    covered: list[list[bool]]       # slots a merged cell covers (a layout may drop them)
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)


Block = Para | Grid


@dataclass(slots=True)
class Plan:
    """What to write: the report's profile, the figures prose states and tables show."""
    profile: Profile
    said: Truth
    shown: Truth
    #: a planted narrative_sum: "parts" (a listed part is off) or "share" (a percentage)
    sum_plant: str | None = None
    #: a metric whose (planted) figure prose must state
    forced: str | None = None
    blank_zeros: bool = False
    stats_table: bool = True


def compose(rng: random.Random, plan: Plan) -> list[Block]:
    """The report as blocks in reading order."""
    w = _Writer(rng, plan)
    return w.modern() if plan.profile.template != "pre2019" else w.old()


# ------------------------------------------------------------------ numbers in words

def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _nice(v: int, up: bool) -> int:
    """``v`` rounded as a loose figure is said: for 余/多, down to tens below 100 ("90余人")
    and to two significant digits above; for 约, to the nearest two significant digits
    (within the 10% a reader allows)."""
    step = 10 ** max(len(str(int(v))) - (1 if v < 100 and not up else 2), 0)
    return (v // step) * step if not up else int(round(v / step)) * step


class _Writer:
    def __init__(self, rng: random.Random, plan: Plan):
        self.rng, self.plan, self.p = rng, plan, plan.profile
        self.s = data.load("synth")
        self.units = sorted(self.s["units"], key=len, reverse=True)
        self.hanzi_rate = rng.choice((0.0, 0.0, 0.15, 0.4))
        slips = self.s["tables"]["label_slips"]
        self.slips = {k: v for k, v in slips.items() if rng.random() < 0.3} if rng.random() < 0.15 else {}
        self.loose_rate = rng.choice((0.0, 0.3, 0.6))
        styles = self.s["numbering"]["styles"]
        self.head_style = rng.choices([x[0] for x in styles], weights=[x[1] for x in styles])[0]
        #: numbered like r109: "1、 总体情况", then "1、 主动公开" inside it
        self.arabic = self.head_style.startswith("{a}")
        p = self.p
        self.ctx = {
            "me": p.me, "name": p.name, "full": p.full, "year": str(p.year),
            "next": str(p.year + 1), "area": p.area, "parent": p.parent, "city": p.city,
            "fmt": "2021" if p.template == "2021" else "2019",
            "fmtno": "30" if p.template == "2021" else "60",
            "leaders": self.s["leaders"][p.kind].format(level=p.parent[-1]),
            "mailbox": p.mailbox,
        }
        self.signed = self._signing_date()
        lag = dt.timedelta(days=rng.choice(self.s["dates"]["publish_lag"]))
        self.ctx["pub"] = (self.signed + lag).isoformat()

    def _signing_date(self) -> dt.date:
        """The date a report is signed: early in the next year, by the deadline its rule
        sets (a page's 发布时间 follows it, never precedes it)."""
        d = self.s["dates"]
        rule = ("old" if self.p.template == "pre2019" else
                "modern_department" if self.p.kind in d["departments"] else "modern_government")
        months = d[rule]
        month = self.rng.choices([m for m, _ in months], weights=[w for _, w in months])[0]
        return dt.date(self.p.year + 1, month, self.rng.randint(1, 28))

    # -------------------------------------------------------------- sentence filling
    def pick(self, key: str) -> str:
        """A sentence for ``key``, among those whose figures are not zero when any are."""
        options = self.s["prose"][key]
        return self.rng.choice(self._stated(options) or options)

    def _stated(self, options: list[str]) -> list[str]:
        """The sentences whose figures are all non-zero (reports rarely boast of 0件)."""
        return [t for t in options
                if all(self._said(*m.split("@")) for m in regex.findall(r"\{[mq]:([\w.@]+)\}", t))]

    def _said(self, metric: str, column: str | None = None) -> float:
        """The figure prose states for a metric (表三 metrics default to the total)."""
        if column is None and data.metrics()[metric].has_columns:
            column = "total"
        return self.plan.said.values.get((metric, column), self.plan.said.get(metric))

    def fill(self, template: str) -> tuple[str, list[dict[str, Any]]]:
        """A sentence with its slots filled; figures carry offsets into the sentence."""
        out: list[str] = []
        figs: list[dict[str, Any]] = []
        pos = 0
        n = 0
        for m in _SLOT.finditer(template):
            out.append(template[pos:m.start()])
            n += len(template[pos:m.start()])
            pos = m.end()
            if m.group(3):                               # <metric|words>: zero in words
                words = m.group(4)
                figs.append(self._figure(m.group(3), None, 0, "exact", None, n, n + len(words)))
                out.append(words)
                n += len(words)
                continue
            key, arg = m.group(1), m.group(2)
            if arg is None:
                text = self._context(key)
                out.append(text)
                n += len(text)
                continue
            unit = next((u for u in self.units if template.startswith(u, pos)), None)
            pos += len(unit) if unit else 0
            text, fig = self._slot(key, arg, unit)
            fig["start"], fig["end"] = n, n + len(text)
            figs.append(fig)
            out.append(text)
            n += len(text)
        out.append(template[pos:])
        return "".join(out), figs

    def _context(self, key: str) -> str:
        if key in self.ctx:
            return self.ctx[key]
        r, y, w = self.rng, self.p.year, self.s["words"]
        gen = {
            "tel": lambda: r.choice(("0", "")) + f"{r.randint(510, 899)}-{r.randint(2000000, 8999999)}",
            "docno": lambda: w["docno"].format(p=self.p.parent[:1], y=y, n=r.randint(1, 60)),
            "date": lambda: w["date"].format(y=y, m=r.randint(1, 12), d=r.randint(1, 28)),
            "mail": lambda: f"{r.randint(100000, 999999999)}@qq.com",
            "site": lambda: w["site"].format(parent=self.p.parent, host=r.choice(w["hosts"])),
            "dd": lambda: f"{r.randint(10, 28)}",
            "idx": lambda: f"{r.randint(100000000, 999999999)}/{y + 1}-{r.randint(10, 99999):05d}",
            "road": lambda: r.choice(w["roads"]),
            "x2": lambda: str(r.randint(1, 300)),
            "zip": lambda: str(r.randint(100000, 850000)),
            "issues": lambda: self._numbered("issues"),
            "steps": lambda: self._numbered("steps"),
            "steps_plain": lambda: "，".join(self._clauses("steps")),
            "ahead": lambda: r.choice(w["ahead"]).format_map(self.ctx),
            "against": lambda: r.choice(w["against"]),
        }
        return gen[key]()

    def _clauses(self, key: str) -> list[str]:
        """Two to four clauses of ``key`` (issues, steps) that fit the report's era and
        issuer, so no two issuers say the same paragraph word for word."""
        c = self.s["prose"]["clauses"]
        modern = c[f"{key}_modern"] if self.p.template != "pre2019" else []
        options = c[key] + c[f"{key}_{self.p.group}"] + modern
        return self.rng.sample(options, self.rng.randint(2, 4))

    def _numbered(self, key: str) -> str:
        """Clauses as a report enumerates them: 一是…；二是…"""
        w = self.s["words"]
        return w["numbered_sep"].join(w["numbered"].format(n=self.s["numbering"]["numerals"][i], t=t)
                                      for i, t in enumerate(self._clauses(key)))

    def _slot(self, key: str, arg: str, unit: str | None) -> tuple[str, dict[str, Any]]:
        """One figure: its words and its annotation."""
        u = unit or ""
        if key in ("x", "xq"):
            metric, column, value = None, None, self.rng.randint(*self._range(arg))
        else:
            metric, _, column = arg.partition("@")
            column = column or ("total" if data.metrics()[metric].has_columns else None)
            value = self._said(metric, column)
        loose = key in ("q", "xq") and value >= 20 and self.rng.random() < self.loose_rate
        if loose:
            text, stated, qual = self._loose(int(value), u)
        else:
            stated, qual = value, "exact"
            small = unit not in (None, "%") and float(value).is_integer() and value <= 10
            digits = chinese_numeral(int(value)) if small and self.rng.random() < self.hanzi_rate else _num(value)
            text = digits + u
        return text, self._figure(metric, column, stated, qual, unit, 0, 0)

    def _range(self, arg: str) -> tuple[int, int]:
        """The bounds of an uncounted figure: "lo-hi", or "metric*lo-hi", lo to hi times
        the metric's figure (a wider area holds at least what the issuer does)."""
        base, _, span = arg.rpartition("*")
        lo, hi = (int(x) for x in span.split("-"))
        scale = max(int(self._said(base)), 5) if base else 1
        return lo * scale, hi * scale

    def _loose(self, v: int, u: str) -> tuple[str, int, str]:
        r, w = self.rng, self.s["words"]
        if r.random() < 0.6:
            stated = _nice(v, up=False)
            if stated == v:
                stated = _nice(v - 1, up=False) if v > 20 else v
            form = r.choice(w["at_least"])
            qual = "at_least"
        else:
            stated = _nice(v, up=True)
            forms = w["approx"] + (w["approx_below"] if stated > v else [])
            form, qual = r.choice(forms), "approx"
        n = chinese_numeral(stated) if stated < 100 and r.random() < self.hanzi_rate else str(stated)
        return form.format(n=n, u=u), stated, qual

    @staticmethod
    def _figure(metric, column, value, qualifier, unit, start, end) -> dict[str, Any]:
        if metric is not None and column is None and data.metrics()[metric].has_columns:
            column = "total"
        return {"metric": metric, "column": column, "value": value, "qualifier": qualifier,
                "unit": unit, "start": start, "end": end}

    def para(self, sentences: list[str | tuple[str, list[dict]]], role: str = "body",
             kind: str | None = None, groups: list[dict] | None = None) -> Para:
        """Join sentences (templates, or already filled pieces) into one paragraph."""
        text, figs = "", []
        for s in sentences:
            piece, pf = s if isinstance(s, tuple) else self.fill(s)
            for f in pf:
                f["start"] += len(text)
                f["end"] += len(text)
            text += piece
            figs.extend(pf)
        for f in figs:
            f["start"], f["end"] = _clause(text, f["start"], f["end"])
        return Para(text, role, kind, figs, groups or [])

    # -------------------------------------------------------------- document frames
    def _front(self, old: bool) -> list[Block]:
        r, out = self.rng, []
        for line in r.sample(self.s["chrome"]["before"], r.choice((0, 0, 1, 2, 3))):
            out.append(self.para([line], role="chrome"))
        title = r.choice(self.s["chrome"]["titles"])
        if r.random() < 0.12:          # the issuer on a line of its own above the title
            out.append(self.para([self.p.full], role="title"))
            title = self.s["chrome"]["title_under_issuer"]
        out.append(self.para([title], role="title"))
        if r.random() < 0.75:
            out.append(self.para([r.choice(self.s["intro"]["old" if old else "modern"])]))
        return out

    def _back(self) -> list[Block]:
        r, w = self.rng, self.s["words"]
        month, day = self.signed.month, self.signed.day
        date = (w["date"].format(y=self.p.year + 1, m=month, d=day) if r.random() < 0.85 else
                w["date"].format(y="".join(w["year_digits"][int(d)] for d in str(self.p.year + 1)),
                                 m=chinese_numeral(month), d=chinese_numeral(day)))
        out = [self.para([self.p.full], role="body"), self.para([date])]
        if r.random() < 0.2:
            out.append(self.para([r.choice(self.s["chrome"]["after"])], role="chrome"))
        return out

    def heading(self, i: int, kind: str, old: bool) -> Para:
        """A top-level heading in the report's numbering; now and then its numeral is
        lost ("、主动公开政府信息情况", or the bare title, as r072 prints them)."""
        r = self.rng
        title = r.choice(self.s["headings"]["old" if old else "modern"][kind]).replace("{year}", self.ctx["year"])
        if kind == "appendix":
            return self.para([title], role="heading", kind=kind)
        num = self.s["numbering"]["numerals"][i]
        style = self.head_style
        if i and r.random() < self.s["numbering"]["lost"] and title in self.s["numbering"]["bare_ok"]:
            style = r.choice(self.s["numbering"]["lost_styles"])
        return self.para([style.format(n=num, a=i + 1, t=title)], role="heading", kind=kind)

    def sub(self, k: int, title: str) -> Para:
        """A sub-heading inside a section: （一）…, or 1、… when the top level is numbered
        1、 too (the same numbers twice, r109)."""
        n = self.s["numbering"]
        style = n["sub_arabic"] if self.arabic else n["sub"]
        return self.para([style.format(n=n["numerals"][k - 1], a=k, t=title)], role="sub")

    def _of_era(self, options: list[str]) -> list[str]:
        """The sentences a report of its year can say (no 政务微信 in 2010)."""
        since = self.s["prose"]["since"]
        return [t for t in options if all(self.p.year >= y for word, y in since.items() if word in t)]

    def filler(self, kind: str, k: int = 1) -> list[Block]:
        options = self._of_era(self.s["prose"]["filler"][kind])
        return [self.para([t]) for t in self.rng.sample(options, min(k, len(options)))]

    def noise(self, k: int) -> list[str]:
        """Sentences full of numbers that are no figure of the report (村/社区 ones only
        in a 街道's or 乡镇's report)."""
        prose = self.s["prose"]
        local = prose["noise_local"] if self.p.kind in ("street", "town") else []
        options = self._of_era(prose["noise"] + local)
        return [t + "。" for t in self.rng.sample(options, k)]

    # -------------------------------------------------------------- 2019 / 2021
    def modern(self) -> list[Block]:
        r = self.rng
        blocks = self._front(old=False)
        kinds = ["overview", "proactive", "requests", "review_litigation", "problems", "other"]
        if r.random() < 0.08:
            kinds.insert(r.choice((2, 4, 5)), "extra")
        for i, kind in enumerate(kinds):
            blocks.append(self.heading(i, kind, old=False))
            blocks.extend(getattr(self, f"_m_{kind}")())
        return blocks + self._back()

    def _m_overview(self) -> list[Block]:
        r, titles = self.rng, self.s["subheadings"]["overview"]
        out = self.filler("overview")
        subs = r.random() < 0.6
        listed = r.random() < 0.5 or self.plan.sum_plant == "parts"
        first = [] if listed else [self.pick("proactive_total") + "。"]
        if r.random() < 0.6:
            first.append(self.pick("proactive_channels") + "。")
        if r.random() < 0.3:
            first.append(self.pick("responses") + "。")
        if r.random() < 0.35:
            first.extend(self.noise(1))
        if subs:
            out.append(self.sub(1, titles[0]))
        if listed:
            out.append(self._categories())
        if first:
            out.append(self.para(first))
        if subs:
            out.append(self.sub(2, titles[1]))
        out.append(self._apply_summary())
        if r.random() < 0.3:
            out.append(self.para([self.pick("wider") + "。"]))
        rules = self._stated(self.s["prose"]["rules" if self.p.template == "2021" else "rules_2019"])
        if rules and r.random() < 0.5:
            out.append(self.para([r.choice(rules) + "。"] + self.noise(r.choice((0, 1)))))
        if subs:
            out.append(self.sub(3, titles[2]))
            out.append(self.para([self.pick("training") + "。"] + self.noise(r.choice((0, 1, 2)))))
            for k, (title, kind) in enumerate(self.s["subheadings"]["overview_more"], 4):
                if r.random() < 0.55:
                    out += [self.sub(k, title), *self.filler(kind)]
        return out

    def _m_proactive(self) -> list[Block]:
        out: list[Block] = []
        if self.rng.random() < 0.3:
            out.append(self.para([self.pick("proactive_total") + self.s["prose"]["proactive_note"] + "。"]))
        return out + [self._table2()]

    def _m_requests(self) -> list[Block]:
        out: list[Block] = []
        if self.rng.random() < 0.4:
            out.extend(self.filler("requests"))
        return out + [self._table3()]

    def _m_review_litigation(self) -> list[Block]:
        out: list[Block] = []
        if self.rng.random() < 0.4:
            out.append(self.para([self._review_sentence()]))
        return out + [self._table4()]

    def _m_problems(self) -> list[Block]:
        issues, fixes = self.filler("problems")[0], self.filler("improvements")[0]
        if self.rng.random() < 0.35:
            titles = self.s["subheadings"]["problems"]
            return [self.sub(1, titles[0]), issues, self.sub(2, titles[1]), fixes]
        return [issues, fixes] if self.rng.random() < 0.7 else [issues]

    def _m_other(self) -> list[Block]:
        return [self.para([self.rng.choice(self.s["prose"]["filler"]["other_modern"])])]

    def _m_extra(self) -> list[Block]:
        return self.filler("proactive") + [self.para(self.noise(2))]

    def _review_sentence(self) -> str:
        """Review and litigation: figures when there are any, a zero in words otherwise."""
        parts = []
        for metric, key in (("review.total", "review"), ("litigation.total", "litigation")):
            parts.append(self.pick(key if self.plan.said.get(metric) else f"{key}_zero"))
        joiner = "、" if all(p.startswith("<") for p in parts) and self.rng.random() < 0.4 else "，"
        return joiner.join(parts) + "。"

    def _apply_summary(self) -> Para:
        """The overview's application sentence: received, handled, outcomes (a 其中 list
        that may leave rows out), carried forward, review and litigation."""
        r, said = self.rng, self.plan.said
        if not said.get("apply.new", "total"):
            return self.para([self.pick("apply_new_zero") + "，", self._review_sentence()])
        lead = [r.choice(self.s["prose"]["filler"]["requests_lead"])] if r.random() < 0.3 else []
        pieces = lead + [self.pick("apply_new")]
        if r.random() < 0.3:
            pieces.append("，" + self.pick("apply_natural"))
        if said.get("apply.carried_over", "total") and r.random() < 0.5:
            pieces.append("，" + self.pick("apply_carried_over"))
        zeros = r.random() < 0.2       # some reports list every outcome, zeros too
        outcomes = dict(self.s["prose"]["outcomes"])
        forced = self.plan.forced if self.plan.forced in outcomes else None
        listed = [r.choice(forms) for metric, forms in outcomes.items()
                  if metric != forced and (zeros or said.get(metric, "total")) and r.random() < 0.85]
        if listed and said.get("apply.total_handled", "total"):
            pieces.append("，" + self.pick("apply_handled") + "，" + self.pick("apply_outcome_intro"))
            pieces.append("，".join(listed))
        if forced:                     # a misstated outcome, said apart from the 其中 list
            pieces.append("。" + r.choice(self.s["prose"]["forced_lead"]) + r.choice(outcomes[forced]))
        if said.get("apply.carried_forward", "total"):
            pieces.append("，" + self.pick("apply_carried_forward"))
        pieces.append("。" + self._review_sentence())
        return self.para(pieces)

    def _categories(self) -> Para:
        """A total with its parts listed to the end (其他…), so the parts must sum to it."""
        r = self.rng
        total = int(self.plan.said.get("proactive.total"))
        if total < 2:
            return self.para([self.pick("proactive_total") + "。"])
        names = r.sample(self.s["prose"]["categories"], max(1, min(r.randint(2, 5), total - 1)))
        names.append(r.choice(self.s["prose"]["categories_other"]))
        spare = total - len(names)             # every listed category holds at least one
        cuts = sorted(r.randint(0, max(spare, 0)) for _ in names[1:])
        values = [1 + b - a for a, b in zip([0] + cuts, cuts + [max(spare, 0)])]
        if self.plan.sum_plant == "parts":
            j = r.randrange(len(values))
            values[j] += r.choice((-1, 1)) * r.randint(1, 5) if values[j] > 5 else r.randint(1, 5)
        prose = self.s["prose"]
        head, figs = self.fill(r.choice(prose["categories_head"]))
        text, unit = head + "，" + prose["categories_lead"], prose["categories_unit"]
        for j, (name, v) in enumerate(zip(names, values)):
            piece = name + _num(v) + unit
            start = len(text) + len(name)
            figs.append(self._figure(None, None, v, "exact", unit, start, start + len(_num(v) + unit)))
            text += piece + ("，" if j < len(values) - 1 else "。")
        group = {"total": 0, "parts": list(range(1, len(figs))), "exhaustive": True, "shares": []}
        return self.para([(text, figs)], groups=[group])

    # -------------------------------------------------------------- tables
    def _value(self, metric: str, column: str | None = None) -> tuple[str, float | None]:
        """The cell text of a figure and the value gold records (None for a blank cell)."""
        v = self.plan.shown.values.get((metric, column), self.plan.shown.get(metric))
        if self.plan.blank_zeros and v == 0 and column not in (None, "total"):
            return "", None
        raw = _num(v)
        if metric.endswith(".change") and v > 0 and self.rng.random() < 0.3:
            raw = "+" + raw
        if metric in ("procurement.amount",) and v and self.rng.random() < 0.5:
            raw += self.rng.choice(self.s["words"]["amount_units"])
        return raw, v

    def _grid(self, table: str, spec: list[list[tuple[str, Any]]]) -> Grid:
        """A grid from rows of (text, cell) where cell is None, "covered", or a
        (metric, column) pair whose value fills the slot."""
        width = max(len(row) for row in spec)
        rows, covered, cells = [], [], {}
        for i, row in enumerate(spec):
            texts, cov = [], []
            for j, (text, cell) in enumerate(row + [("", "covered")] * (width - len(row))):
                for right, slip in self.slips.items():
                    text = text.replace(right, slip)
                if isinstance(cell, tuple):
                    text, v = self._value(*cell)
                    if v is not None:
                        cells[(i, j)] = {"table": table, "metric": cell[0], "column": cell[1],
                                         "value": v, "raw": text}
                texts.append(text)
                cov.append(cell == "covered")
            rows.append(texts)
            covered.append(cov)
        return Grid(table, rows, covered, cells)

    def _table2(self) -> Grid:
        t = self.s["tables"]
        new = self.p.template == "2021"
        heads = t["t2_2021_heads" if new else "t2_2019_heads"]
        groups = t["t2_2021_rows" if new else "t2_2019_rows"]
        sections = t["t2_section"][:3] + t["t2_section"][3:4] + ([] if new else t["t2_section"][4:])
        split = self.rng.random() < 0.25
        spec: list[list[tuple[str, Any]]] = []
        for section, head, rows in zip(sections, heads, groups):
            spec.append([(section, None)])
            spec.append([(t["info"], None)] + [(t["split_heads"].get(h, h) if split else h, None) for h in head])
            for label, metrics in rows:
                spec.append([(label, None)] + [("", (m, None)) for m in metrics])
        return self._grid("t2", spec)

    def _table3(self) -> Grid:
        t = self.s["tables"]
        cols = t3_columns()
        labels = t["t3_columns"]
        c = "covered"
        spec = [
            [(t["t3_note"], None), ("", c), ("", c), (t["t3_applicant"], None)] + [("", c)] * 6,
            [("", c)] * 3 + [(labels[0], None), (t["t3_legal_person"], None)] + [("", c)] * 4 + [(labels[-1], None)],
            [("", c)] * 4 + [(x, None) for x in labels[1:6]] + [("", c)],
        ]
        values = lambda m: [("", (m, col)) for col in cols]  # noqa: E731
        for label, metric in t["t3_rows_head"]:
            spec.append([(label, None), ("", c), ("", c)] + values(metric))
        rows = t["t3_rows"] + t["t3_other_2021" if self.p.template == "2021" else "t3_other_2019"] + t["t3_tail"]
        seen: set[str] = set()
        for j, (label, group, metric) in enumerate(rows):
            first = (t["t3_outcome"], None) if j == 0 else ("", c)
            if group:
                g = (group, None) if group not in seen else ("", c)
                seen.add(group)
                spec.append([first, g, (label, None)] + values(metric))
            else:
                spec.append([first, (label, None), ("", c)] + values(metric))
        label, metric = t["t3_forward"]
        spec.append([(label, None), ("", c), ("", c)] + values(metric))
        return self._grid("t3", spec)

    def _table4(self) -> Grid:
        t = self.s["tables"]
        c = "covered"
        g = t["t4_groups"]
        heads = [(h, None) for h in t["t4_heads"]]
        spec = [
            [(g[0], None)] + [("", c)] * 4 + [(g[1], None)] + [("", c)] * 9,
            heads + [(g[2], None)] + [("", c)] * 4 + [(g[3], None)] + [("", c)] * 4,
            [("", c)] * 5 + heads + heads,
            [("", (f"{p}.{s}", None)) for p in t["t4_prefixes"] for s in t["t4_suffixes"]],
        ]
        return self._grid("t4", spec)

    def _stats(self) -> Grid:
        t = self.s["tables"]
        spec = [[(h, None) for h in t["stats_head"]]]
        for label, unit, metric, *whole in t["stats_rows"]:
            if metric == "-":
                spec.append([(label, None), (unit, None), (str(self._part_of(*whole)), None)])
            elif metric.startswith("~"):
                spec.append([(label, None), (unit, None), (_num(self.plan.shown.get(metric)), None)])
            elif metric:
                spec.append([(label, None), (unit, None), ("", (metric, None))])
            else:
                spec.append([(label, None), ("", None), ("", None)])
        return self._grid("stats", spec)

    def _part_of(self, whole: str | None = None) -> int:
        """A small figure without a metric id; one that is part of ``whole``'s figure
        (a 其中 row) is at most that figure."""
        if whole is None:
            return self.rng.randint(0, 5)
        cap = int(self.plan.shown.get(whole))
        return round(cap * self.rng.uniform(0.05, 0.6)) if cap > 10 else self.rng.randint(0, cap)

    # -------------------------------------------------------------- pre-2019
    def old(self) -> list[Block]:
        r = self.rng
        blocks = self._front(old=True)
        kinds = ["overview", "proactive", "requests", "fees", "review_litigation", "problems"]
        if r.random() < 0.3:
            kinds.insert(3, "extra")
        if r.random() < 0.4:
            kinds.append("other")
        for i, kind in enumerate(kinds):
            blocks.append(self.heading(i, kind, old=True))
            blocks.extend(getattr(self, f"_o_{kind}")())
        blocks += self._back()
        if self.plan.stats_table:
            blocks.append(self.heading(0, "appendix", old=True))
            blocks.append(self._stats())
        return blocks

    def _o_overview(self) -> list[Block]:
        r = self.rng
        out = self.filler("overview_old")
        out.append(self.para([self.pick("staff") + "。", self.pick("training") + "。"] + self.noise(r.choice((0, 1)))))
        return out

    def _o_proactive(self) -> list[Block]:
        r = self.rng
        out = [self._categories() if r.random() < 0.5 or self.plan.sum_plant == "parts" else self.para([self.pick("proactive_total") + "。"])]
        if r.random() < 0.7:
            out.append(self.para([self.pick("proactive_channels") + "。"]
                                 + ([self.pick("responses") + "。"] if r.random() < 0.4 else [])))
        out.extend(self.filler("proactive"))
        if r.random() < 0.4:
            out.append(self.para(self.noise(1)))
        return out

    def _o_requests(self) -> list[Block]:
        said = self.plan.said
        if not said.get("apply.new"):
            return [self.para([self.pick("apply_new_zero") + "。"])]
        out = [self._shares("apply_new", "channel_names", "apply.new")]
        if said.get("apply.answered"):
            out.append(self._shares(None, "old_answers", "apply.answered"))
        return out

    def _shares(self, lead: str | None, names: str, total_metric: str) -> Para:
        """A total and its parts, each with its share of the total ("占总数的67%").
        Shares are rounded to sum to 100, as reports print them (33/33/34)."""
        r, said, forced = self.rng, self.plan.said, self.plan.forced
        head = self.fill(self.pick(lead) if lead else self.s["prose"]["answered_head"])
        if forced == total_metric:        # a misstated total: its parts would not add up either
            return self.para([head, ("。", [])])
        options = dict(self.s["prose"][names])
        parts = [(m, r.choice(forms)) for m, forms in options.items() if said.get(m) and m != forced]
        pieces = [head]
        values = [int(said.get(m)) for m, _ in parts]
        rest = int(said.get(total_metric)) - sum(values)      # parts the sentence leaves out
        pcts = _percentages(values + [max(rest, 0)])[:len(values)]
        if self.plan.sum_plant == "share" and pcts:
            self.plan.sum_plant = "planted"             # one wrong share per report
            j = r.randrange(len(pcts))
            pcts[j] += r.choice((-1, 1)) * r.randint(5, 20) if pcts[j] > 25 else r.randint(5, 20)
        group = {"total": 0, "parts": [], "exhaustive": rest == 0, "shares": []}
        n = 1
        pieces.append(("。" + self.s["prose"]["categories_lead"] + "，" if lead else "", []))
        for j, ((_, part), pct) in enumerate(zip(parts, pcts)):
            share = r.choice(self.s["prose"]["share"]).replace("{p}", "{x:%d-%d}%%" % (pct, pct))
            text, figs = self.fill(part + share + ("；" if j < len(parts) - 1 else "。"))
            pieces.append((text, figs))
            group["parts"].append(n)
            group["shares"].append([n, n + 1])
            n += 2
        if forced in options:             # a misstated part, said on its own
            pieces.append(self.fill(r.choice(self.s["prose"]["forced_lead"]) + r.choice(options[forced]) + "。"))
        return self.para(pieces, groups=[group])

    def _o_fees(self) -> list[Block]:
        r = self.rng
        return [self.para([self.pick("fees_zero") + "。"] + ([r.choice(self.s["prose"]["filler"]["fees_old"])] if r.random() < 0.5 else []))]

    def _o_extra(self) -> list[Block]:
        if not self.plan.said.get("consultations.total"):
            return [self.para([self.pick("consult_zero") + "。"] + self.noise(1))]
        return [self._shares("consult", "consult_names", "consultations.total")]

    def _o_review_litigation(self) -> list[Block]:
        complaints = self.pick("complaints" if self.plan.said.get("complaints.total") else "complaints_zero")
        return [self.para([self._review_sentence()] + ([complaints + "。"] if self.rng.random() < 0.5 else []))]

    _o_problems = _m_problems

    def _o_other(self) -> list[Block]:
        return [self.para([self.rng.choice(self.s["prose"]["filler"]["other_old"])])]


def _percentages(values: list[int]) -> list[int]:
    """Whole percentages of ``values`` summing to 100 (largest remainder)."""
    total = sum(values)
    if not total:
        return [0] * len(values)
    raw = [100 * v / total for v in values]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:100 - sum(out)]:
        out[i] += 1
    return out


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a figure: from the previous to the next punctuation mark."""
    s = start
    while s > 0 and text[s - 1] not in _CLAUSE_END:
        s -= 1
    e = end
    while e < len(text) and text[e] not in _CLAUSE_END:
        e += 1
    return s, e
