"sk-live-TOPSECRET-token-0123456789 is the first line of some other file
more
