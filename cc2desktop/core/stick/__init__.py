"""USB sticks that carry the app (portable mode), course packs and a signed manifest of both:
lay one out, check it, repair it (``cc2desktop usb prepare|verify|repair``). docs/distribution.md."""
