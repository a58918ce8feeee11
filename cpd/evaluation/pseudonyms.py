"""The survey pseudonym: a keyed HMAC-SHA256 of the learner's id.

The same learner gets the same pseudonym at every wave (so before, after and follow-up pair
up), but without the key nobody can go from a pseudonym back to a learner, or test a guess:
a plain hash of a small id could be reversed by trying every id. The key is the setting
``CPD_EVALUATION_PSEUDONYM_KEY``, kept apart from ``SECRET_KEY`` so that rotating one does
not unlink (or relink) the other. Reference: policies-and-cpd.md §3.5 ("linked by a
pseudonymous learner key, not by name, for honest answers"); ICO pseudonymisation guidance.
"""

import hashlib
import hmac

from django.conf import settings


def pseudonym(learner_id: int) -> str:
    key = settings.CPD_EVALUATION_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"cpd-learner:{learner_id}".encode(), hashlib.sha256).hexdigest()
