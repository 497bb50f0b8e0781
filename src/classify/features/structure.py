"""Section roles: the skeleton of a report, read from its headings.

A branch case study is written to a pattern (LABELS.md: 背景和起因 / 主要做法 / 取得的成效 / 探讨 or
经验启示), but every writer words those headings differently (基本情况, 案例背景, 工作举措, 实践成效,
思考与展望 ...). Words of the headings spread their weight over the variants; the role each heading
plays does not. This maps headings to roles and marks a case-study skeleton when three or more roles
appear among the top-level (``一、``) headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ROLES = (
    ("background", re.compile(r"背景|起因|基本情况|概况|简介|缘起")),
    ("practice", re.compile(r"做法|举措|措施|经过|路径|方法|实践")),
    ("results", re.compile(r"成效|效果|成果|成绩|收获|变化")),
    ("reflection", re.compile(r"启示|探讨|思考|体会|展望|打算|建议|经验")),
)
_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB_LEVEL = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")


def section_roles(headings: Sequence[str]) -> list[str]:
    """Role features of a document's headings: ``top:role`` / ``sub:role`` per heading, the number of
    numbered headings by level, and ``case_skeleton`` for three or more roles at the top level."""
    out = []
    top_roles = set()
    for heading in headings:
        level = "top" if _TOP_LEVEL.match(heading) else "sub" if _SUB_LEVEL.match(heading) else "plain"
        if level != "plain":
            out.append(f"numbered:{level}")
        core = heading[:12]  # the role is named at the start; long headings go on to say what was done
        for role, pattern in ROLES:
            if pattern.search(core):
                out.append(f"{level}:{role}")
                if level == "top":
                    top_roles.add(role)
                break
    if len(top_roles) >= 3:
        out.append("case_skeleton")
    return out
