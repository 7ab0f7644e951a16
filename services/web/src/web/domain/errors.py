"""What can go wrong talking to the gateway, as the pages need to tell it."""

from __future__ import annotations

from web.domain.views import Problem


class ApiProblem(Exception):
    """The gateway answered with a problem (4xx or 5xx)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    @property
    def status(self) -> int:
        return self.problem.status


class SignedOut(Exception):
    """No usable gateway session: the browser must sign in (again)."""
