"""AWS Elastic Beanstalk: an environment made of other resources (a composite).

"There is no additional charge for Elastic Beanstalk — you pay for AWS resources (e.g.
EC2 instances or S3 buckets) you create to store and run your application"
(https://aws.amazon.com/elasticbeanstalk/pricing/). So an environment expands into its
parts — ``instances`` (the EC2 keys, with optional ``volumes`` attached to each
instance) and ``load_balancer`` (the ELB keys; omitted for a single-instance
environment) — which the estimate rates like any other resource: account-wide tiers and
commitments include them, and the report shows them under the environment with its
subtotal. The environment's own line is $0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.model import LineItem, ResourceUsage
from awscalc.spec import Resource

SERVICE = "beanstalk"
NO_CHARGE = ("Elastic Beanstalk has no charge of its own: you pay for the resources it "
             "runs (its EC2 instances, their EBS volumes and its load balancer)")


def usage(resource: Resource) -> ResourceUsage:
    """No usage of its own (its parts are priced as their services)."""
    return ResourceUsage(records=())


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """The environment's own $0 line, with the note that it has no charge."""
    item = LineItem(resource=resource.name, service=SERVICE, region=resource.region,
                    component="Elastic Beanstalk environment (no charge of its own)",
                    key="environment", quantity=Decimal(1), unit="environment",
                    rate=Decimal(0), per=Decimal(1), cost=Decimal("0.00"),
                    formula="no charge: you pay for the resources the environment runs",
                    verified=False)  # the page's wording is from recall (pricing-facts §4)
    return ResourceUsage(records=(), priced=(item,), details={"summary": [NO_CHARGE]})


def expand(resource: Resource) -> tuple[Resource, ...]:
    """The environment's EC2 instances, the EBS volumes attached to each of them, and
    its load balancer, as child resources."""
    instances = resource.get("instances")
    children = [resource.child("instances", "ec2", instances, ("instances",))]
    count = instances.get("count", 1)
    for index, volume in enumerate(resource.get("volumes", default=[])):
        # a volume on each instance, for as long as the instances run (unless it says)
        config = {**volume, "count": volume.get("count", 1) * count}
        if "hours" not in config and "hours" in instances:
            config["hours"] = instances["hours"]
        children.append(resource.child(f"volumes[{index}]", "ebs", config,
                                       ("volumes", index)))
    load_balancer = resource.get("load_balancer")
    if load_balancer is not None:
        children.append(resource.child("load_balancer", "elb", load_balancer,
                                       ("load_balancer",)))
    return tuple(children)
