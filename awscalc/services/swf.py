"""Amazon SWF: workflow executions, their tasks, and the days they stay open or retained.

"You pay for workflow executions when you start them (i.e. their first task becomes
available for application hosts to execute) and for each 24-hour period until they are
completed", and for "each 24 hour period that a workflow is retained" after it completes;
each "task, signal, timer, or marker" is charged on its own (AWS GovCloud (US) SWF
pricing page, https://aws.amazon.com/govcloud-us/pricing/swf/). The start charge covers
the first 24 hours: "the workflow execution completes within 24 hours of being started
and there is no ongoing workflow execution charge" (the same page's example), and "Die
ersten 24 Stunden der Workflow-Ausführung sind kostenlos" (https://aws.amazon.com/de/swf/
pricing/). So awscalc bills, per execution, every 24-hour period **begun after the first**
while it is open — ceil(open ÷ 24 h) − 1 — and the domain's retention period in days.

The free tier (``free_tier: true``; the German page): 1,000 executions started, 10,000
tasks, signals, timers and markers, and 30,000 workflow-days (open or retained) a month,
one pool per kind for the whole account.

Executions are a steady state: ``executions`` start every month, each open for
``open_for`` and retained for ``retention`` after it closes, so the month's open and
retained days are the started executions' (as AWS's own example counts them).
"""

from __future__ import annotations

import math
from decimal import Decimal

from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import SECONDS_PER_HOUR, Kind

SERVICE = "swf"
SECONDS_PER_DAY = SECONDS_PER_HOUR * 24
MAX_OPEN_DAYS = Decimal(365)  # an execution runs at most a year (SWF quotas)
MAX_RETENTION_DAYS = Decimal(90)  # a domain retains closed executions 0 to 90 days


def usage(resource: Resource) -> ResourceUsage:
    """Executions started, their tasks/signals/timers/markers, open and retained days."""
    executions = resource.quantity("executions", kind=Kind.COUNT_PER_MONTH)
    records: list[Usage] = [resource.usage(
        "workflow-executions", executions, "execution", "Workflow executions started")]
    tasks = _tasks(resource, executions)
    if tasks:
        records.append(resource.usage("tasks", tasks, "task",
                                      "Tasks, signals, timers and markers"))
    open_days = _open_days(resource)
    if open_days and executions:
        records.append(resource.usage(
            "open-workflow-days", executions * open_days, "workflow-day",
            f"Open workflow days ({_number(open_days)} per execution, after its first 24 h)"))
    retention = _retention_days(resource)
    if retention and executions:
        records.append(resource.usage(
            "retained-workflow-days", executions * retention, "workflow-day",
            f"Retained workflow days ({_number(retention)} per execution)"))
    return ResourceUsage(records=tuple(records))


def _tasks(resource: Resource, executions: Decimal) -> Decimal:
    """Tasks, signals, timers and markers in the month: given, or per execution."""
    per = resource.get("tasks_per_execution")
    total = resource.quantity("tasks", kind=Kind.COUNT_PER_MONTH)
    if per is not None and total is not None:
        raise resource.error(("tasks",), "give 'tasks' or 'tasks_per_execution', not both")
    if per is not None:
        return Decimal(str(per)) * executions
    return total or Decimal(0)


def _open_days(resource: Resource) -> Decimal:
    """Billed open periods per execution: each 24 h begun after the first."""
    seconds = resource.quantity("open_for", kind=Kind.DURATION, default=Decimal(0))
    if seconds > MAX_OPEN_DAYS * SECONDS_PER_DAY:
        raise resource.error(("open_for",), f"{_number(seconds / SECONDS_PER_DAY)} days "
                             "is longer than a workflow execution may run",
                             "an SWF execution runs at most 1 year")
    return Decimal(max(math.ceil(seconds / SECONDS_PER_DAY) - 1, 0))


def _retention_days(resource: Resource) -> Decimal:
    """The domain's retention period of closed executions, in whole days (0 to 90)."""
    seconds = resource.quantity("retention", kind=Kind.DURATION, default=Decimal(0))
    days = seconds / SECONDS_PER_DAY
    if days != days.to_integral_value() or days > MAX_RETENTION_DAYS:
        raise resource.error(("retention",), f"{_number(days)} days is not an SWF "
                             "retention period", "0 to 90 days, in whole days")
    return days


def _number(value: Decimal) -> str:
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{value:,f}"
    return f"{value.quantize(Decimal('0.01')).normalize():f}"
