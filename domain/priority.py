"""The project priority score (轻重缓急、资金匹配、效益优先) and its formula in words.

Each input becomes a component between 0 and 1:
- urgency  = (urgency score − 1) ÷ 4            (scores 1–5)
- funding  = funds secured ÷ funds needed, at most 1 (1 when nothing is needed)
- benefit  = (benefit score − 1) ÷ 4            (scores 1–5)
- households = households affected ÷ households_ref, at most 1 (default reference 500)
- area     = area in mu ÷ area_ref_mu, at most 1 (default reference 500 mu, the size of the
             contiguous industrial plot the districts plan)

score = 100 × Σ wᵢ·cᵢ ÷ Σ wᵢ, so the score lies in 0–100 whatever the weights add up to.
A missing input counts as 0 and is listed in `missing` so a list can mark the project.

Default weights: urgency 0.35, funding 0.25, benefit 0.25, households 0.10, area 0.05 — the
district's three stated criteria carry 85 %, size breaks ties. The district sets its own weights
as a shared setting (services.projects), so every laptop ranks the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from domain.errors import UserError
from domain.messages import MESSAGES

COMPONENTS = ("urgency", "funding", "benefit", "households", "area")


@dataclass(frozen=True)
class Weights:
    urgency: float = 0.35
    funding: float = 0.25
    benefit: float = 0.25
    households: float = 0.10
    area: float = 0.05
    households_ref: int = 500
    area_ref_mu: float = 500.0

    def __post_init__(self) -> None:
        values = [getattr(self, name) for name in COMPONENTS]
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise UserError("priority_bad_weights")
        if self.households_ref <= 0 or self.area_ref_mu <= 0:
            raise UserError("priority_bad_weights")

    def as_dict(self) -> dict[str, float]:
        return {name: float(value) for name, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Weights:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            values: dict[str, Any] = {
                k: (int(v) if k == "households_ref" else float(v)) for k, v in known.items()
            }
        except (TypeError, ValueError):
            raise UserError("priority_bad_weights") from None
        return cls(**values)

    def normalised(self) -> dict[str, float]:
        total = sum(getattr(self, name) for name in COMPONENTS)
        return {name: getattr(self, name) / total for name in COMPONENTS}


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class PriorityInputs:
    urgency: int | None = None  # 1–5
    benefit: int | None = None  # 1–5
    funding_needed: float | None = None
    funding_secured: float | None = None
    households: int | None = None
    area_mu: float | None = None


@dataclass(frozen=True)
class Priority:
    score: float  # 0–100, rounded to 0.1
    components: dict[str, float]  # each 0–1
    contributions: dict[str, float]  # each component's points of the score
    missing: tuple[str, ...] = field(default_factory=tuple)


def _scale_1_5(value: int | None) -> float | None:
    if value is None:
        return None
    return min(max((value - 1) / 4, 0.0), 1.0)


def _ratio(value: float | None, reference: float) -> float | None:
    if value is None:
        return None
    return min(max(value / reference, 0.0), 1.0)


def _funding(needed: float | None, secured: float | None) -> float | None:
    if needed is None:
        return None
    if needed <= 0:
        return 1.0
    return min(max((secured or 0.0) / needed, 0.0), 1.0)


def components(
    inputs: PriorityInputs, weights: Weights = DEFAULT_WEIGHTS
) -> dict[str, float | None]:
    return {
        "urgency": _scale_1_5(inputs.urgency),
        "funding": _funding(inputs.funding_needed, inputs.funding_secured),
        "benefit": _scale_1_5(inputs.benefit),
        "households": _ratio(
            None if inputs.households is None else float(inputs.households), weights.households_ref
        ),
        "area": _ratio(inputs.area_mu, weights.area_ref_mu),
    }


def score(inputs: PriorityInputs, weights: Weights = DEFAULT_WEIGHTS) -> Priority:
    found = components(inputs, weights)
    shares = weights.normalised()
    parts = {name: (value or 0.0) for name, value in found.items()}
    contributions = {name: 100 * shares[name] * parts[name] for name in COMPONENTS}
    missing = tuple(
        name for name in COMPONENTS if found[name] is None and getattr(weights, name) > 0
    )
    return Priority(
        score=round(sum(contributions.values()), 1),
        components=parts,
        contributions={name: round(v, 2) for name, v in contributions.items()},
        missing=missing,
    )


def _fmt_weight(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def formula_text(weights: Weights = DEFAULT_WEIGHTS, language: str = "zh") -> str:
    """The formula in words: 优先级 = 100 × (0.35×紧迫 + 0.25×资金匹配 + 0.25×效益 + 0.1×户数 + 0.05×面积).

    Weights are shown normalised to add up to 1; zero-weight terms are left out."""
    shares = weights.normalised()
    terms = [
        f"{_fmt_weight(shares[name])}×{MESSAGES['priority_term_' + name][language]}"
        for name in COMPONENTS
        if shares[name] > 0
    ]
    return MESSAGES["priority_formula"][language].format(terms=" + ".join(terms))


def definitions_text(weights: Weights = DEFAULT_WEIGHTS, language: str = "zh") -> list[str]:
    """One line per term used by the formula, then the rule for missing inputs."""
    lines = []
    for name in COMPONENTS:
        if getattr(weights, name) <= 0:
            continue
        template = MESSAGES["priority_def_" + name][language]
        lines.append(
            template.format(
                households_ref=weights.households_ref,
                area_ref_mu=_fmt_weight(weights.area_ref_mu),
            )
        )
    lines.append(MESSAGES["priority_def_missing"][language])
    return lines
