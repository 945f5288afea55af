"""Steps that content apps add to ``bootstrap`` and ``seed_demo``, registered in AppConfig.ready().

The project's commands run them in ``order`` (ties in registration order), so the shell never
names an app's step and an app brings its reference data or demo content with one registration.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str  # dotted path of the function, to replace it on a second registration (tests, reloads)
    run: Callable[..., object]
    order: int


_bootstrap_steps: dict[str, Step] = {}
_demo_steps: dict[str, Step] = {}


def _register(steps: dict[str, Step], run: Callable[..., object], order: int) -> None:
    name = f"{run.__module__}.{run.__qualname__}"
    steps[name] = Step(name=name, run=run, order=order)


def register_bootstrap_step(run: Callable[..., None], *, order: int) -> None:
    """Add ``run(report=BootstrapReport)`` to ``manage.py bootstrap``: idempotent reference data."""
    _register(_bootstrap_steps, run, order)


def register_demo_step(run: Callable[..., int], *, order: int) -> None:
    """Add ``run(stdout=...) -> int`` (items created) to ``manage.py seed_demo``; idempotent."""
    _register(_demo_steps, run, order)


def bootstrap_steps() -> list[Step]:
    return sorted(_bootstrap_steps.values(), key=lambda step: step.order)


def demo_steps() -> list[Step]:
    return sorted(_demo_steps.values(), key=lambda step: step.order)
