"""Network pages (the network-view issue builds it)."""
