"""Amazon EMR: clusters on EC2 (a composite), EMR Serverless, and EMR on EKS (a composite).

**EMR on EC2** (``deployment: ec2``, the default). "The Amazon EMR price is added to the
Amazon EC2 price (the price for the underlying servers) and Amazon EBS price (if
attaching Amazon EBS volumes). These are also billed per-second, with a one-minute
minimum" (EMR pricing page, https://aws.amazon.com/emr/pricing/, read in a verbatim
Portuguese copy). So a cluster is a composite: :func:`expand` returns each instance
group (``master``, ``core``, ``task``; the keys of a ``service: ec2`` resource, with
their ``volumes``) as an EC2 child resource — priced exactly like the same EC2 resource
written by hand, Spot included — and the cluster's own usage is the **EMR charge**: a
per-instance-hour rate that depends only on the instance type and region. "When you use
Spot Instances, the Spot Price may change ..., but the Amazon EMR rate remains fixed"
(https://docs.aws.amazon.com/ElasticMapReduce/latest/DeveloperGuide/SpotInstancePricing.html),
so the EMR charge ignores ``purchase``. Each run of an instance is rounded up to the
second, then billed at least 60 s (``starts`` splits ``hours`` into runs, as for EC2).

The EMR charge lives in the rate card under one key per instance type
(``emr-r5.4xlarge``): an instance type without a key is an exit-4 error naming the type
and region, never a guess from a similar type.

**EMR Serverless** (``deployment: serverless``) bills the vCPU, memory and ephemeral
storage of its workers from the time a worker is ready until it stops, each worker's run
rounded up to the second with a one-minute minimum; "20 GB" of ephemeral storage per
worker is free. Worker sizes follow the "Supported worker configurations" table of
https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html.
Only the x86 vCPU and memory rates ship; Arm (said to be 20 % lower, from recall) and
storage above 20 GB are exit-4 errors: a rate is never derived from another.

**EMR on EKS** (``deployment: eks``) adds a charge for the vCPU and memory the job's
pods *request* to whatever runs the EKS cluster: "Amazon EMR on Amazon EKS pricing is
calculated based on the vCPU and memory resources used from the time you start to
download your EMR application image until the EKS pod terminates, rounded up to the
nearest second. Pricing is based on requested vCPU and memory resources for the Task or
Pod" (EMR pricing page, read in verbatim Portuguese and Chinese copies; the same rule in
the EMR on EKS Development Guide, spark-submit.html, which applies it to "driver and
executor pods"). That paragraph names no minimum; the one-minute minimum applied here is
the page's opening rule for all of EMR ("You pay a per-second rate for every second you
use, with a one-minute minimum"), as for EMR on EC2 and Serverless. The EKS capacity
(``capacity``: the keys of a ``service: ec2`` resource) is an EC2 child resource; the
EKS cluster's own hourly fee is not included: awscalc has no EKS rate.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.services import declaration
from awscalc.services.ecs import INCLUDED_STORAGE_GB, ephemeral_storage_gb
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "emr"
GROUPS = ("master", "core", "task")
MINIMUM_SECONDS = Decimal(60)
# The keys that apply to each deployment (any other deployment's key is an error).
DEPLOYMENT_KEYS: dict[str, tuple[str, ...]] = {
    "ec2": ("instance_groups", "hours"),
    "serverless": ("architecture", "job_runs", "workers"),
    "eks": ("job_runs", "pods", "capacity"),
}
# What each deployment needs, with an example for the error's hint.
REQUIRED_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "serverless": (("job_runs", "job_runs: {count: 30, duration: 40 min}"),
                   ("workers", "workers: {count: 10, vcpu: 4, memory: 16 GB}")),
    "eks": (("job_runs", "job_runs: {count: 30, duration: 40 min}"),
            ("pods", "pods: {count: 11, vcpu: 4, memory: 16 GB}")),
}


def _steps(low: int, high: int, step: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(gb) for gb in range(low, high + 1, step))


# vCPU → the memory sizes (GB) an EMR Serverless worker may have ("Supported worker
# configurations", EMR Serverless User Guide, app-behavior.html).
WORKER_SIZES: dict[Decimal, tuple[Decimal, ...]] = {
    Decimal(1): _steps(2, 8, 1),
    Decimal(2): _steps(4, 16, 1),
    Decimal(4): _steps(8, 30, 1),
    Decimal(8): _steps(16, 60, 4),
    Decimal(16): _steps(32, 120, 8),
}


def usage(resource: Resource) -> ResourceUsage:
    """The cluster's EMR charge per instance group (its EC2 capacity is the children's),
    or the Serverless workers' vCPU and memory."""
    deployment = _deployment(resource)
    if deployment == "serverless":
        return ResourceUsage(records=tuple(_Serverless(resource).records()))
    if deployment == "eks":
        return _eks_usage(resource)
    # One line per instance type (the rater adds a resource's usage of one key up):
    # its groups and instance-hours together.
    by_type: dict[str, tuple[list[str], Decimal]] = {}
    for role, group in _groups(resource):
        hours = _uplift_hours(resource, role, group)
        if hours:
            roles, total = by_type.get(group["instance_type"], ([], Decimal(0)))
            by_type[group["instance_type"]] = ([*roles, f"{role} {group.get('count', 1)}"],
                                               total + hours)
    records = [resource.usage(f"emr-{instance_type}", hours, "instance-hour",
                              f"EMR charge, {instance_type} ({', '.join(roles)})")
               for instance_type, (roles, hours) in by_type.items()]
    return ResourceUsage(records=tuple(records), details={"summary": [
        f"EMR on EC2: the instance groups are priced as EC2 (resources '{resource.name}/"
        "<group>'); the EMR charge per instance-hour is on top, whatever the purchase "
        "option"]})


def expand(resource: Resource) -> tuple[Resource, ...]:
    """EMR on EC2: one EC2 child resource per instance group (``<cluster>/core``);
    EMR on EKS: its ``capacity``, where given, as one (``<resource>/capacity``)."""
    deployment = _deployment(resource)
    if deployment == "eks":
        capacity = resource.get("capacity")
        if capacity is None:
            return ()
        return (resource.child("capacity", "ec2", capacity, ("capacity",)),)
    if deployment != "ec2":
        return ()
    return tuple(resource.child(role, "ec2", group, ("instance_groups", role))
                 for role, group in _groups(resource))


def _deployment(resource: Resource) -> str:
    """The deployment, with the keys that do not apply to it rejected."""
    deployment: str = resource.get("deployment", default="ec2")
    for key in sorted({k for keys in DEPLOYMENT_KEYS.values() for k in keys}):
        if key in DEPLOYMENT_KEYS[deployment] or resource.get(key) is None:
            continue
        applies = " or ".join(name for name, keys in DEPLOYMENT_KEYS.items() if key in keys)
        raise resource.error((key,), f"'{key}' applies to deployment: {applies}")
    if deployment == "ec2" and resource.get("instance_groups") is None:
        raise resource.error((), "deployment: ec2 (the default) needs 'instance_groups'",
                             "e.g. instance_groups: {master: {instance_type: m5.xlarge}}")
    for key, _ in REQUIRED_KEYS.get(deployment, ()):
        if resource.get(key) is None:
            hint = " and ".join(example for _, example in REQUIRED_KEYS[deployment])
            raise resource.error(("deployment",), f"deployment: {deployment} needs '{key}'",
                                 f"e.g. {hint}")
    return deployment


def _groups(resource: Resource) -> list[tuple[str, dict[str, Any]]]:
    """The instance groups, in master/core/task order, each with the cluster's ``hours``
    unless it gives its own; EMR instances run Amazon Linux."""
    groups: list[tuple[str, dict[str, Any]]] = []
    for role in GROUPS:
        group = resource.get("instance_groups", role)
        if group is None:
            continue
        system = group.get("operating_system", "linux")
        if system != "linux":
            raise resource.error(("instance_groups", role, "operating_system"),
                                 f"EMR instances run Amazon Linux, not '{system}'",
                                 "remove operating_system")
        config = dict(group)
        if "hours" not in config and resource.get("hours") is not None:
            config["hours"] = resource.get("hours")
        groups.append((role, config))
    return groups


def _uplift_hours(resource: Resource, role: str, group: dict[str, Any]) -> Decimal:
    """The EMR-charged instance-hours of one instance group: each run rounded up to the
    second and billed at least one minute, times the group's instances."""
    child = resource.child(role, "ec2", group, ("instance_groups", role))
    seconds = child.seconds_in_month("hours", what="an instance")
    if not seconds:
        return Decimal(0)
    instance_type: str = group["instance_type"]
    key = f"emr-{instance_type}"
    if key not in declaration(SERVICE).meters:
        raise PricingError(
            f"no EMR charge for instance type '{instance_type}' in region "
            f"'{resource.region}' (service '{SERVICE}', key '{key}')",
            "awscalc ships the EMR per-instance-hour charge only where a source was "
            "found; the EC2 part alone is not the cluster's cost")
    count = Decimal(group.get("count", 1))
    starts = Decimal(group.get("starts", 1))
    run = Decimal(math.ceil(seconds / starts))  # per-second billing: whole seconds
    return max(run, MINIMUM_SECONDS) * starts / SECONDS_PER_HOUR * count


def _eks_usage(resource: Resource) -> ResourceUsage:
    """EMR on EKS: the vCPU-hours and GB-hours the pods of every job run request, each
    pod's run rounded up to the second and billed at least one minute."""
    runs = resource.quantity("job_runs", "count", kind=Kind.COUNT_PER_MONTH)
    seconds = _run_seconds(resource, runs)
    pods = Decimal(resource.get("pods", "count"))
    vcpu = Decimal(str(resource.get("pods", "vcpu")))
    memory = resource.quantity("pods", "memory", kind=Kind.DATA) / BYTES_PER_GB
    if memory <= 0:
        raise resource.error(("pods", "memory"), "a pod requests more than 0 GB of memory")
    hours = runs * pods * seconds / SECONDS_PER_HOUR
    shape = (f"{_number(runs)} runs × {_number(pods)} pods × {_number(seconds)} s; "
             f"{_number(vcpu)} vCPU, {_number(memory)} GB a pod")
    records = (
        resource.usage("eks-vcpu", vcpu * hours, "vCPU-hour",
                       f"EMR on EKS vCPU ({shape})"),
        resource.usage("eks-memory", memory * hours, "GB-hour",
                       f"EMR on EKS memory ({shape})"),
    )
    capacity = ("the EKS capacity is priced as EC2 (resource "
                f"'{resource.name}/capacity')" if resource.get("capacity") is not None
                else "the EKS capacity is not in this resource (give 'capacity', or price "
                "it as ec2 or ecs resources)")
    return ResourceUsage(records=records, details={"summary": [
        "EMR on EKS: the charge for the pods' requested vCPU and memory (per second, "
        f"one-minute minimum a pod) is on top of EKS; {capacity}; the EKS cluster fee is "
        "not included (awscalc has no EKS rate)"]})


def _run_seconds(resource: Resource, runs: Decimal) -> Decimal:
    """The billed seconds of each of the ``runs`` job runs' pods (or workers): rounded up
    to the second, at least one minute."""
    duration = resource.seconds_in_month("job_runs", "duration", what="a job run")
    if runs and duration <= 0:
        raise resource.error(("job_runs", "duration"), "a job run lasts more than 0 s")
    return max(Decimal(math.ceil(duration)), MINIMUM_SECONDS)


class _Serverless:
    """An EMR Serverless resource's workers and job runs, checked, in billing terms."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.architecture: str = resource.get("architecture", default="x86_64")
        self.workers = Decimal(resource.get("workers", "count"))
        self.vcpu = Decimal(str(resource.get("workers", "vcpu")))
        self.memory = self._memory()
        self.storage = self._storage()
        self.runs = resource.quantity("job_runs", "count", kind=Kind.COUNT_PER_MONTH)
        self.billed_seconds = _run_seconds(resource, self.runs)

    def _memory(self) -> Decimal:
        """Worker memory in GB (2^30 bytes), one of the sizes allowed for its vCPUs."""
        memory = self.resource.quantity("workers", "memory", kind=Kind.DATA) / BYTES_PER_GB
        allowed = WORKER_SIZES[self.vcpu]
        if memory not in allowed:
            raise self.resource.error(
                ("workers", "memory"), f"{_number(memory)} GB is not an EMR Serverless "
                f"worker memory size for {_number(self.vcpu)} vCPU",
                f"{_number(allowed[0])} GB to {_number(allowed[-1])} GB in steps of "
                f"{_number(allowed[1] - allowed[0])} GB")
        return memory

    def _storage(self) -> Decimal:
        """Ephemeral storage per worker in GB: 20 (default) to 200, whole GB."""
        return ephemeral_storage_gb(self.resource, ("workers", "storage"),
                                    "an EMR Serverless worker storage size")

    def records(self) -> list[Usage]:
        """vCPU-hours and GB-hours of every worker of every run."""
        region = self.resource.region
        arch = "x86" if self.architecture == "x86_64" else "arm64"
        if arch == "arm64":
            raise PricingError(
                f"no price for service '{SERVICE}', region '{region}', key "
                "'serverless-vcpu-arm64'", "awscalc has no EMR Serverless Arm rate (only "
                "a recalled '20 % lower than x86'); use architecture: x86_64")
        if self.storage > INCLUDED_STORAGE_GB:
            raise PricingError(
                f"no price for service '{SERVICE}', region '{region}', key "
                "'serverless-storage'", "awscalc has no rate for EMR Serverless storage "
                "above the free 20 GB per worker; use workers.storage: 20 GB")
        hours = self.runs * self.workers * self.billed_seconds / SECONDS_PER_HOUR
        shape = (f"{_number(self.workers)} workers × {_number(self.vcpu)} vCPU, "
                 f"{_number(self.memory)} GB; {_number(self.billed_seconds)} s a run")
        return [
            self.resource.usage(f"serverless-vcpu-{arch}", self.vcpu * hours, "vCPU-hour",
                                f"EMR Serverless vCPU ({shape})"),
            self.resource.usage(f"serverless-memory-{arch}", self.memory * hours,
                                "GB-hour", f"EMR Serverless memory ({shape})"),
        ]


def _number(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral_value() else f"{value:f}"
