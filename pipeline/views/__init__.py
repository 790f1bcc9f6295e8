"""Commands to look at a finished run: `show` one document, `inspect` an output directory, the run summary's
shared pieces, and the cache chores (`cache list|clear`)."""
