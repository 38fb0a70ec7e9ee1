"""The offline evaluation suite for model tailoring: scenarios, runner, tests."""
