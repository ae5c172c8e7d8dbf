"""The insights in plain words: one sentence per finding, a table of every measure, and charts.

Used by the pages and by `manage.py insights --format markdown`. Works on the report's JSON only,
so a report computed months ago reads the same way as a fresh one. A measure that could not be
defined (null) is said to be unknown, never shown as 0.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

BUCKETS = ("le15", "16_30", "31_60", "61_120", "gt120")


def percent(share: float | None) -> str:
    if share is None:
        return _("not known")
    return _("%(percent)s%%") % {"percent": number_format(round(share * 100), decimal_pos=0, use_l10n=True)}


def decimal(value: float | None, places: int = 1) -> str:
    if value is None:
        return _("not known")
    return number_format(value, decimal_pos=places, use_l10n=True)


def whole(value: float | None) -> str:
    if value is None:
        return _("not known")
    return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    shown: str  # the value as the table shows it


@dataclass
class Chart:
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar]

    # Each bar takes a row of ROW_EM: its label on one line, the bar and its value below.
    ROW_EM = 3.25
    LONGEST_BAR = 80  # percent of the width, leaving room for the value after the longest bar

    def rows(self) -> list[dict]:
        """Coordinates as strings with a decimal point: SVG lengths are never localised ("1,4em" is invalid)."""
        longest = max((bar.value or 0 for bar in self.bars), default=0) or 1
        rows = []
        for index, bar in enumerate(self.bars):
            # A zero still shows as a sliver, with its value beside it.
            width = max((bar.value or 0) / longest * self.LONGEST_BAR, 0.5)
            top = index * self.ROW_EM
            rows.append(
                {
                    "label": bar.label,
                    "shown": bar.shown,
                    "label_y": f"{top + 1.0:.2f}",
                    "bar_y": f"{top + 1.4:.2f}",
                    "value_y": f"{top + 2.4:.2f}",
                    "width": f"{width:.2f}",
                    "value_x": f"{width + 1.5:.2f}",
                }
            )
        return rows

    @property
    def height_em(self) -> str:
        return f"{self.ROW_EM * len(self.bars) + 0.5:.2f}"


@dataclass
class Section:
    key: str
    title: str
    sentences: list[str]
    measures: list[tuple[str, str, str]]  # (json key, what it is, value)
    chart: Chart | None = None


def _sentence_if(value, text: str) -> list[str]:
    return [] if value is None else [text]


def sections(data: dict) -> list[Section]:
    rb, mo, re, de = data["resource_base"], data["modularity"], data["reciprocity"], data["decentralisation"]
    tr, cl, vu, su = data["trust"], data["clusters"], data["value_in_use"], data["sustainability"]
    result = []

    sentences = []
    if rb["members"]:
        sentences.append(
            ngettext(
                "%(contributors)s of your %(members)s members gave their time (%(share)s).",
                "%(contributors)s of your %(members)s members gave their time (%(share)s).",
                rb["members"],
            )
            % {
                "contributors": whole(rb["contributors"]),
                "members": whole(rb["members"]),
                "share": percent(rb["contributor_share"]),
            }
        )
    sentences += _sentence_if(
        rb["top10_share"],
        _("The busiest tenth of those who gave, gave %(share)s of all the time.")
        % {"share": percent(rb["top10_share"])},
    )
    sentences += _sentence_if(
        rb["commons_share"],
        _("%(share)s of the time went to the commons, for everyone.") % {"share": percent(rb["commons_share"])},
    )
    months = _every_month(rb["new_contributors_by_month"] or {})
    result.append(
        Section(
            "resource_base",
            _("Who carries the load"),
            sentences or [_("Nobody has recorded a contribution in this time yet.")],
            [
                ("members", _("Members"), whole(rb["members"])),
                ("contributors", _("Members who gave time"), whole(rb["contributors"])),
                ("contributor_share", _("Share of members who gave time"), percent(rb["contributor_share"])),
                ("gini_minutes", _("Inequality of time given (Gini, 0 = all alike)"), decimal(rb["gini_minutes"], 2)),
                ("top10_share", _("Time given by the busiest tenth"), percent(rb["top10_share"])),
                ("commons_share", _("Time given to the commons"), percent(rb["commons_share"])),
            ],
            Chart(
                _("New contributors by month"),
                _("How many people gave time for the first time, month by month."),
                _("Month"),
                _("New contributors"),
                [Bar(month, count, whole(count)) for month, count in months.items()],
            )
            if months
            else None,
        )
    )

    takeup = mo["takeup_by_effort"] or {}
    bucket_names = {
        "le15": _("15 minutes or less"),
        "16_30": _("16–30 minutes"),
        "31_60": _("31–60 minutes"),
        "61_120": _("1–2 hours"),
        "gt120": _("over 2 hours"),
    }
    sentences = _sentence_if(
        mo["effort_median"],
        _("Half of the tasks take %(minutes)s minutes or less.") % {"minutes": whole(mo["effort_median"])},
    )
    sentences += _sentence_if(
        mo["share_tasks_le_30"],
        _("%(share)s of the tasks take half an hour or less.") % {"share": percent(mo["share_tasks_le_30"])},
    )
    result.append(
        Section(
            "modularity",
            _("Small tasks"),
            sentences or [_("No tasks were made in this time.")],
            [
                ("effort_median", _("Median task, in minutes"), whole(mo["effort_median"])),
                ("effort_p90", _("Nine tasks in ten take at most (minutes)"), whole(mo["effort_p90"])),
                ("share_tasks_le_30", _("Tasks of 30 minutes or less"), percent(mo["share_tasks_le_30"])),
                ("people_per_action_median", _("People per action (median)"), decimal(mo["people_per_action_median"])),
            ],
            Chart(
                _("Tasks taken up in time, by length"),
                _("The share of tasks of each length whose every place was taken before the task was due."),
                _("Length of the task"),
                _("Taken up in time"),
                [Bar(bucket_names[key], takeup.get(key), percent(takeup.get(key))) for key in BUCKETS],
            )
            if any(takeup.get(key) is not None for key in BUCKETS)
            else None,
        )
    )

    sentences = _sentence_if(
        re["edge_reciprocity"],
        _("When someone helped a neighbour, the neighbour also helped them in %(share)s of cases.")
        % {"share": percent(re["edge_reciprocity"])},
    )
    sentences += _sentence_if(
        re["cycle_edge_share"],
        _("%(share)s of the help goes round in circles of people who all help each other, directly or through others.")
        % {"share": percent(re["cycle_edge_share"])},
    )
    sentences += _sentence_if(
        re["give_and_receive_share"],
        _("%(share)s of those who took part both gave and received.")
        % {"share": percent(re["give_and_receive_share"])},
    )
    result.append(
        Section(
            "reciprocity",
            _("Giving back"),
            sentences or [_("No help between members was recorded in this time.")],
            [
                ("edge_reciprocity", _("Help returned directly"), percent(re["edge_reciprocity"])),
                (
                    "give_and_receive_share",
                    _("People who both gave and received"),
                    percent(re["give_and_receive_share"]),
                ),
                ("cycle_edge_share", _("Help inside circles of mutual help"), percent(re["cycle_edge_share"])),
                ("largest_cycle_group", _("Largest circle of mutual help (people)"), whole(re["largest_cycle_group"])),
                (
                    "asymmetry_median",
                    _("Imbalance of give and take (median, 0 = even)"),
                    decimal(re["asymmetry_median"], 2),
                ),
                ("lag_days_median", _("Days until help was returned (median)"), decimal(re["lag_days_median"])),
            ],
        )
    )

    sentences = _sentence_if(
        de["initiative_top5_share"],
        _("The five most active members started %(share)s of the actions.")
        % {"share": percent(de["initiative_top5_share"])},
    )
    sentences += _sentence_if(
        de["steward_share"], _("%(share)s of members are stewards.") % {"share": percent(de["steward_share"])}
    )
    result.append(
        Section(
            "decentralisation",
            _("Shared initiative"),
            sentences or [_("No actions were started in this time.")],
            [
                (
                    "degree_centralisation",
                    _("Work centred on few people (0 = spread, 1 = one hub)"),
                    decimal(de["degree_centralisation"], 2),
                ),
                (
                    "initiative_top5_share",
                    _("Actions started by the five most active"),
                    percent(de["initiative_top5_share"]),
                ),
                ("initiative_gini", _("Inequality of starting actions (Gini)"), decimal(de["initiative_gini"], 2)),
                ("steward_share", _("Members who are stewards"), percent(de["steward_share"])),
            ],
        )
    )

    if tr["radius"] is not None:
        reach = ngettext(
            "Trust reaches half of you within %(steps)d step.",
            "Trust reaches half of you within %(steps)d steps.",
            tr["radius"],
        ) % {"steps": tr["radius"]}
    elif tr["density"]:
        reach = _("Trust does not yet reach half of you, even through six people.")
    else:
        reach = _("Nobody has said they trust a fellow member yet.")
    sentences = [reach]
    sentences += _sentence_if(
        tr["reciprocity"], _("%(share)s of trust is returned.") % {"share": percent(tr["reciprocity"])}
    )
    steps = {1: _("Directly"), 2: _("Within 2 steps"), 3: _("Within 3 steps")}
    result.append(
        Section(
            "trust",
            _("Trust"),
            sentences,
            [
                ("density", _("Trust given, of all that could be"), percent(tr["density"])),
                ("reciprocity", _("Trust returned"), percent(tr["reciprocity"])),
                ("radius", _("Steps for trust to reach half of you"), whole(tr["radius"])),
                (
                    "mean_path_length",
                    _("Average steps between people linked by trust"),
                    decimal(tr["mean_path_length"]),
                ),
            ]
            + (
                [("reach_sources", _("People sampled to estimate the reach"), whole(tr["reach_sources"]))]
                if tr["reach_sources"]
                else []
            ),
            Chart(
                _("How far trust reaches"),
                _("The share of pairs of members where one reaches the other through trust, in so many steps."),
                _("Steps"),
                _("Pairs reached"),
                [Bar(steps[k], tr[f"reach_{k}"], percent(tr[f"reach_{k}"])) for k in (1, 2, 3)],
            )
            if tr["reach_1"] is not None
            else None,
        )
    )

    sizes = cl["sizes"] or []
    sentences = []
    if cl["count"]:
        sentences.append(
            ngettext(
                "You work together in %(count)s group; it has %(size)s people.",
                "You work together in %(count)s groups; the largest has %(size)s people.",
                cl["count"],
            )
            % {"count": whole(cl["count"]), "size": whole(sizes[0] if sizes else None)}
        )
    sentences += _sentence_if(
        cl["cross_community_share"],
        _("%(share)s of working together crosses from one community to another.")
        % {"share": percent(cl["cross_community_share"])},
    )
    result.append(
        Section(
            "clusters",
            _("Groups who work together"),
            sentences or [_("Nobody has worked together with a fellow member in this time yet.")],
            [
                ("count", _("Groups"), whole(cl["count"])),
                (
                    "modularity_q",
                    _("How clearly the groups stand apart (modularity, 0–1)"),
                    decimal(cl["modularity_q"], 2),
                ),
                (
                    "cross_community_share",
                    _("Working together across communities"),
                    percent(cl["cross_community_share"]),
                ),
            ],
            Chart(
                _("Sizes of the groups"),
                _("How many people each group has, the largest first."),
                _("Group"),
                _("People"),
                [Bar(_("Group %(number)d") % {"number": n}, size, whole(size)) for n, size in enumerate(sizes, 1)],
            )
            if sizes
            else None,
        )
    )

    by_category = vu["by_category"] or {}
    sentences = _sentence_if(
        vu["mean_score"],
        _("Those who took part rate what was done %(score)s out of 5 on average.")
        % {"score": decimal(vu["mean_score"])},
    )
    sentences += _sentence_if(
        vu["thanks_per_contribution"] or None,  # "thanked 0 times on average" helps nobody
        _("Each contribution was thanked %(thanks)s times on average.")
        % {"thanks": decimal(vu["thanks_per_contribution"], 2)},
    )
    result.append(
        Section(
            "value_in_use",
            _("Value in use"),
            sentences or [_("Nothing has been assessed in this time yet.")],
            [
                ("mean_score", _("Average value in use (1–5)"), decimal(vu["mean_score"])),
                (
                    "assessed_action_share",
                    _("Finished actions that were assessed"),
                    percent(vu["assessed_action_share"]),
                ),
                ("thanks_per_contribution", _("Thanks per contribution"), decimal(vu["thanks_per_contribution"], 2)),
            ],
            Chart(
                _("Value in use by kind of help"),
                _("The average value in use (1 to 5) of the actions of each kind of help."),
                _("Kind of help"),
                _("Average value in use"),
                [Bar(category_name(key), score, decimal(score)) for key, score in by_category.items()],
            )
            if by_category
            else None,
        )
    )

    sentences = _sentence_if(
        su["retention_monthly"],
        _("%(share)s of one month's contributors give time the next month too.")
        % {"share": percent(su["retention_monthly"])},
    )
    if su["overloaded"]:
        sentences.append(
            ngettext(
                "%(count)d person gave more than three times the usual in the last four weeks: ask how they are.",
                "%(count)d people gave more than three times the usual in the last four weeks: ask how they are.",
                su["overloaded"],
            )
            % {"count": su["overloaded"]}
        )
    if su["unmet_tasks"]:
        sentences.append(
            ngettext(
                "%(count)d task passed with a free place.",
                "%(count)d tasks passed with free places.",
                su["unmet_tasks"],
            )
            % {"count": su["unmet_tasks"]}
        )
    if su["stuck_actions"]:
        sentences.append(
            ngettext(
                "%(count)d action has waited in initiate for over two weeks.",
                "%(count)d actions have waited in initiate for over two weeks.",
                su["stuck_actions"],
            )
            % {"count": su["stuck_actions"]}
        )
    result.append(
        Section(
            "sustainability",
            _("Keeping going"),
            sentences or [_("Nothing to worry about here.")],
            [
                ("retention_monthly", _("Contributors who come back the next month"), percent(su["retention_monthly"])),
                ("overloaded", _("People giving over three times the usual"), whole(su["overloaded"])),
                ("unmet_tasks", _("Tasks that passed with free places"), whole(su["unmet_tasks"])),
                ("stuck_actions", _("Actions waiting in initiate over two weeks"), whole(su["stuck_actions"])),
            ],
        )
    )
    return result


def _every_month(counts: dict[str, int]) -> dict[str, int]:
    """The counts with the months between the first and the last filled in with 0, so a quiet month shows."""
    if not counts:
        return {}
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    months = {}
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def category_name(key: str) -> str:
    from talkoot.contributions.models import Category

    return str(Category(key).label) if key in Category.values else key


def markdown_report(data: dict) -> str:
    window = data["window"]
    lines = [
        "# " + _("Insights"),
        "",
        _("From %(since)s to %(until)s, computed %(generated)s.")
        % {"since": window["since"], "until": window["until"], "generated": data["generated_at"]},
    ]
    for section in sections(data):
        lines += ["", f"## {section.title}", ""]
        lines += [f"- {sentence}" for sentence in section.sentences]
        lines += ["", f"| {_('Measure')} | `key` | {_('Value')} |", "|---|---|---|"]
        lines += [f"| {label} | `{key}` | {value} |" for key, label, value in section.measures]
        if section.chart:
            lines += ["", f"**{section.chart.title}**", ""]
            lines += [f"| {section.chart.label_heading} | {section.chart.value_heading} |", "|---|---|"]
            lines += [f"| {bar.label} | {bar.shown} |" for bar in section.chart.bars]
    bridges = data["clusters"].get("bridges") or []
    if bridges:
        lines += [
            "",
            _("People who connect the groups most (by betweenness): %(ids)s") % {"ids": ", ".join(map(str, bridges))},
        ]
    return "\n".join(lines) + "\n"
