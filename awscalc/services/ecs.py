"""Amazon ECS and AWS Fargate: Fargate tasks, or ECS on EC2 (a composite of EC2 instances).

Fargate bills what each task *requests* — vCPU, memory, operating system, CPU
architecture and ephemeral storage — "from the time you start to download your container
image until the Amazon ECS Task ... terminates, rounded up to the nearest second", with
"a 1-minute minimum" and, "for Windows containers, ... a 5-minute minimum" (AWS Fargate
pricing page, https://aws.amazon.com/fargate/pricing/). So each task run is rounded up
to a whole second first, then raised to the minimum; every dimension is billed for that
same duration. Rules, as awscalc applies them:

- **Memory GB are binary**: the pricing page says "on this page GB = 1024^3 bytes", which
  is awscalc's own GB, so ``memory: 512 MB`` is 0.5 GB.
- **Task sizes**: only the CPU/memory pairs of the page's "Supported Configurations"
  table (:data:`TASK_SIZES`); anything else is a spec error listing the allowed memory.
- **Ephemeral storage**: "20 GB of ephemeral storage is available for all Fargate Tasks
  and Pods by default — you only pay for any additional storage that you configure"; a
  task may have up to 200 GB (ECS API ``EphemeralStorage``), in whole GB.
- **Windows** is x86 only ("Windows/X86" is the page's only Windows platform) and pays an
  OS licence per vCPU-hour besides vCPU and memory at its own rates.
- **Fargate Spot** "is currently only available for Linux Operating System and x86/ARM
  CPU Architecture"; its price is set by AWS per region and changes, so it is priced
  only where the rate card has a dated rate, and is otherwise an exit-4 error.
- ``tasks`` (running the whole month) and ``task_runs`` (short tasks) may both be
  given: they describe the same task definition run as a service and as batch jobs, and
  both are billed (their vCPU-hours add up in one line per dimension).

Rates are stored per hour, as the AWS Price List sells them (``Fargate-vCPU-Hours``);
the page's worked examples compute with per-second rates that are those hourly rates
divided by 3,600 and rounded (``$0.000011244`` per vCPU-second for ``$0.04048`` an hour),
so awscalc bills billed seconds ÷ 3,600 hours at the hourly rate.

**ECS on EC2** (``launch_type: ec2``) has no ECS charge ("There is no additional charge
for the EC2 launch type", https://aws.amazon.com/ecs/pricing/): :func:`expand` returns
the ``instances`` as an EC2 child resource, priced like a ``service: ec2`` resource.
"""

from __future__ import annotations

import math
from decimal import Decimal

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "ecs"
INCLUDED_STORAGE_GB = Decimal(20)
MAX_STORAGE_GB = Decimal(200)


def ephemeral_storage_gb(resource: Resource, keys: tuple[str, ...], what: str) -> Decimal:
    """The ephemeral storage at ``keys`` in GB — 20 (included, the default) to 200, in whole
    GB, as Fargate and EMR Serverless workers offer it; anything else is an error saying
    it is not ``what``."""
    storage = resource.quantity(*keys, kind=Kind.DATA)
    if storage is None:
        return INCLUDED_STORAGE_GB
    size = storage / BYTES_PER_GB
    if size != size.to_integral_value() or not INCLUDED_STORAGE_GB <= size <= MAX_STORAGE_GB:
        raise resource.error(keys, f"{_number(size)} GB is not {what}",
                             "20 GB (included) to 200 GB, in whole GB")
    return size
MINIMUM_SECONDS = {"linux_x86": Decimal(60), "linux_arm64": Decimal(60),
                   "windows": Decimal(300)}
PLATFORM_TEXT = {"linux_x86": "Linux/x86", "linux_arm64": "Linux/ARM",
                 "windows": "Windows/x86"}
PLATFORM_KEY = {"linux_x86": "linux-x86", "linux_arm64": "linux-arm64",
                "windows": "windows"}
# Only the launch_type: fargate keys; ECS on EC2 takes 'instances' alone.
FARGATE_KEYS = ("platform", "capacity", "tasks", "task_runs", "vcpu", "memory",
                "ephemeral_storage")


def _steps(low: int, high: int, step: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(gb) for gb in range(low, high + 1, step))


# vCPU → the memory sizes (GB) a Fargate task may have: the "Supported Configurations"
# table of https://aws.amazon.com/fargate/pricing/.
TASK_SIZES: dict[Decimal, tuple[Decimal, ...]] = {
    Decimal("0.25"): (Decimal("0.5"), Decimal(1), Decimal(2)),
    Decimal("0.5"): _steps(1, 4, 1),
    Decimal(1): _steps(2, 8, 1),
    Decimal(2): _steps(4, 16, 1),
    Decimal(4): _steps(8, 30, 1),
    Decimal(8): _steps(16, 60, 4),
    Decimal(16): _steps(32, 120, 8),
    Decimal(32): (Decimal(60), Decimal(120), Decimal(244)),
}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one ECS resource: the Fargate dimensions of its tasks, or —
    on EC2 — none (its instances are the child resource :func:`expand` returns)."""
    if resource.get("launch_type", default="fargate") == "ec2":
        _check_ec2(resource)
        return ResourceUsage(records=(), details={"summary": [
            "ECS has no charge of its own on EC2: the container instances are priced "
            "as EC2 (resource '" + resource.name + "/instances')"]})
    return ResourceUsage(records=tuple(_Fargate(resource).records()))


def expand(resource: Resource) -> tuple[Resource, ...]:
    """ECS on EC2: the ``instances``, an EC2 child resource; Fargate: no children."""
    if resource.get("launch_type", default="fargate") != "ec2":
        return ()
    _check_ec2(resource)
    return (resource.child("instances", "ec2", resource.get("instances"), ("instances",)),)


def _check_ec2(resource: Resource) -> None:
    """ECS on EC2 needs its instances, and the Fargate keys do not apply to it."""
    for key in FARGATE_KEYS:
        if resource.get(key) is not None:
            raise resource.error((key,), f"'{key}' applies to launch_type: fargate",
                                 "on EC2, ECS has no charge: describe the 'instances'")
    if resource.get("instances") is None:
        raise resource.error(("launch_type",), "launch_type: ec2 needs 'instances'",
                             "e.g. instances: {instance_type: m6g.large, count: 3}")


class _Fargate:
    """A Fargate resource's settings, checked, in billing terms."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        if resource.get("instances") is not None:
            raise resource.error(("instances",), "'instances' applies to launch_type: ec2",
                                 "Fargate tasks run on no instances of yours")
        self.platform: str = resource.get("platform", default="linux_x86")
        self.spot = resource.get("capacity", default="on_demand") == "spot"
        if self.spot and self.platform == "windows":
            raise resource.error(("capacity",), "Fargate Spot is not available for Windows",
                                 "Fargate Spot runs Linux tasks (x86 or ARM) only")
        for key in ("vcpu", "memory"):
            if resource.get(key) is None:
                raise resource.error((), f"a Fargate task needs '{key}'",
                                     "e.g. vcpu: 0.5 and memory: 1 GB")
        if resource.get("tasks") is None and resource.get("task_runs") is None:
            raise resource.error((), "a Fargate resource needs 'tasks' or 'task_runs'",
                                 "e.g. tasks: 2 (running all month) or "
                                 "task_runs: {count: 1000, duration: 45 s}")
        self.vcpu = Decimal(str(resource.get("vcpu")))
        self.memory = self._memory()
        self.storage = self._storage()
        self.month_seconds = resource.source.month_hours * SECONDS_PER_HOUR
        self.task_seconds = self._task_seconds()

    def _memory(self) -> Decimal:
        """Memory in GB (2^30 bytes), one of the sizes allowed for the task's vCPUs."""
        memory = self.resource.quantity("memory", kind=Kind.DATA) / BYTES_PER_GB
        allowed = TASK_SIZES[self.vcpu]
        if memory not in allowed:
            sizes = ", ".join(_number(size) for size in allowed)
            raise self.resource.error(
                ("memory",), f"{_number(memory)} GB is not a Fargate memory size for "
                f"{_number(self.vcpu)} vCPU", f"allowed: {sizes} GB")
        return memory

    def _storage(self) -> Decimal:
        """Ephemeral storage in GB: 20 (default) to 200, whole GB."""
        return ephemeral_storage_gb(self.resource, ("ephemeral_storage",),
                                    "a Fargate ephemeral storage size")

    def _task_seconds(self) -> Decimal:
        """Billed task-seconds in the month: each run rounded up to the second, then at
        least the platform's minimum; whole-month tasks for the month's seconds."""
        seconds = Decimal(0)
        tasks = self.resource.get("tasks")
        if tasks is not None:
            seconds += Decimal(tasks) * self.month_seconds
        if self.resource.get("task_runs") is not None:
            # An average: '40/day' is 1,216.67 runs in a 730 h month. Each run is rounded
            # on its own, so a fractional count is still billed exactly.
            count = self.resource.quantity("task_runs", "count", kind=Kind.COUNT_PER_MONTH)
            duration = self.resource.seconds_in_month("task_runs", "duration",
                                                      what="a task run (use 'tasks' for "
                                                           "tasks that run all month)")
            if count and duration <= 0:
                raise self.resource.error(("task_runs", "duration"),
                                          "a task run lasts more than 0 s")
            billed = max(Decimal(math.ceil(duration)), MINIMUM_SECONDS[self.platform])
            seconds += count * billed
        return seconds

    def records(self) -> list[Usage]:
        """vCPU, memory (and the Windows licence) and ephemeral storage above 20 GB."""
        hours = self.task_seconds / SECONDS_PER_HOUR  # task-hours
        platform = PLATFORM_KEY[self.platform]
        text = PLATFORM_TEXT[self.platform]
        shape = f"{_number(self.vcpu)} vCPU, {_number(self.memory)} GB"
        if self.spot:
            if self.platform != "linux_x86":
                raise PricingError(
                    f"no price for service '{SERVICE}', region '{self.resource.region}', "
                    f"key 'fargate-spot-vcpu-{platform}'",
                    "awscalc has no Fargate Spot rate for Linux/ARM in any region; "
                    "use capacity: on_demand, or platform: linux_x86 where a Spot rate ships")
            prefix, what = "fargate-spot", f"Fargate Spot {text}"
        else:
            prefix, what = "fargate", f"Fargate {text}"
        records = [
            self._record(f"{prefix}-vcpu-{platform}", self.vcpu * hours, "vCPU-hour",
                         f"{what} vCPU ({shape})"),
            self._record(f"{prefix}-memory-{platform}", self.memory * hours, "GB-hour",
                         f"{what} memory ({shape})"),
        ]
        if self.platform == "windows":
            records.append(self._record("fargate-windows-os-licence", self.vcpu * hours,
                                        "vCPU-hour", f"Fargate Windows OS licence ({shape})"))
        extra = self.storage - INCLUDED_STORAGE_GB
        if extra > 0:
            records.append(self._record(
                "fargate-ephemeral-storage", extra * hours, "GB-hour",
                f"Fargate ephemeral storage above 20 GB ({_number(self.storage)} GB a task)"))
        return records

    def _record(self, key: str, quantity: Decimal, unit: str, component: str) -> Usage:
        return self.resource.usage(key, quantity, unit, component)


def _number(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral_value() else f"{value:f}"
