"""``awscalc pricing update`` and ``pricing diff``: rebuild rate cards from AWS's Price List.

The pieces, in the order an update runs them:

* :mod:`.fetch` downloads the public, credential-free Price List Bulk API files
  (``/offers/v1.0/aws/index.json``, region indexes, offer files) from AWS, a mirror URL
  or a local folder laid out the same way, with timeouts and a sha256 of every raw file;
* :mod:`.offers` parses an offer file (products, OnDemand terms, price dimensions → tiers);
* :mod:`.mappings` says, per awscalc service, which offer-file product prices which
  usage key — by exact attribute values, so that zero or several matches are an error;
* :mod:`.build` turns the matched prices into rate cards, starting from the shipped card
  (descriptions, units, free tiers) and carrying over what the Price List does not have;
* :mod:`.store` writes the new set beside the destination, validates it, checks it is
  complete, and swaps it in atomically;
* :mod:`.diff` compares two sets of rate cards.

Nothing here is imported by ``awscalc estimate``.
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://pricing.us-east-1.amazonaws.com"
INDEX_PATH = "/offers/v1.0/aws/index.json"
