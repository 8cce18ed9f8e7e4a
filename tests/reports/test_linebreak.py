"""Chinese line breaking (issue 13 items 2–3): no line starts with closing punctuation or ends
with an opening bracket, numbers and codes stay whole, name lists break only after 、."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reports.linebreak import NO_LINE_END, NO_LINE_START, break_lines

NO_LINE_START_TEXT = "".join(NO_LINE_START)
PUNCTUATION = "，。、；：？！）」』〉》（「『〈《"
TOKENS = ["160,460.00", "XWFP-2026-0002", "2026-11-26", "33", "320214********1234"]


def _lines(text: str, width: float, **kw: bool) -> list[str]:
    return [text[a:b] for a, b in break_lines(text, [10.0] * len(text), width, **kw)]


def test_closing_punctuation_never_starts_a_line() -> None:
    text = "征收补偿方案" * 3 + "，" + "已经公布。"
    for width in range(20, 200, 10):
        lines = _lines(text, width)
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), (width, lines)


def test_an_opening_bracket_never_ends_a_line() -> None:
    text = "房屋征收（补偿）「决定」"
    for width in range(30, 120, 10):
        lines = _lines(text, width)
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1]), (width, lines)


def test_numbers_and_codes_stay_whole() -> None:
    text = "补偿金额160,460.00元，合同号XWFP-2026-0002，签约2026-11-26"
    for width in range(140, 400, 10):
        lines = _lines(text, width)
        for token in ("160,460.00", "XWFP-2026-0002", "2026-11-26"):
            assert any(token in line for line in lines), (width, lines)


def test_names_break_only_after_the_list_mark() -> None:
    lines = _lines("陈晓燕、周涛、欧阳明月", 70, names=True)
    assert lines == ["陈晓燕、周涛、", "欧阳明月"]


@given(
    st.lists(
        st.one_of(
            st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=8),
            st.sampled_from(list(PUNCTUATION)),
            st.sampled_from(TOKENS).map(lambda t: f"字{t}字"),
        ),
        max_size=40,
    ).map("".join),
    st.integers(min_value=200, max_value=600),
)
def test_breaking_keeps_the_rules_for_any_text(text: str, width: int) -> None:
    if text and text[0] in NO_LINE_START:
        text = "字" + text
    lines = _lines(text, width)
    assert "".join(lines) == text
    # Only a closing mark after a number as wide as the line may hang past the edge.
    assert all(len(line.rstrip(NO_LINE_START_TEXT)) * 10 <= width for line in lines)
    for before, after in itertools.pairwise(lines):
        assert after[0] not in NO_LINE_START, lines
        assert before[-1] not in NO_LINE_END, lines
    for token in TOKENS:
        assert "".join(lines).count(token) == sum(line.count(token) for line in lines), lines


def test_a_name_wider_than_the_line_still_keeps_numbers_whole() -> None:
    text = "户主本人及其配偶160,460.00元字"
    lines = _lines(text, 120, names=True)
    assert "".join(lines) == text and any("160,460.00" in line for line in lines), lines


def test_a_space_at_the_line_end_does_not_push_closing_punctuation_to_the_next_line() -> None:
    """Found by the document fuzz: "丱　！" overflowing at the ideographic space."""
    text = "字字字丱\u3000！\u3000后文"
    widths = [1.0] * len(text)
    for start, _end in break_lines(text, widths, 4.5)[1:]:
        assert text[start] not in NO_LINE_START
