"""What this build of cc2desktop ships. A packaging script may rewrite this file before freezing.

``SHIPS_DEMO``: the build carries the demo course (``assets/packs``). Only then is the demo
publisher key (whose private half is public, in ``assets/keys/``) trusted, and only for the demo
course id: set it to ``False`` for a field build without the demo, and no pack signed by the demo
key installs at all.
"""

SHIPS_DEMO = True
