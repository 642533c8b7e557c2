"""Speed, memory, startup and load harness (not part of the test pass/fail). See README.md."""
