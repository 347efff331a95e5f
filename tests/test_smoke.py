from typing import Any


def test_estimate_runs(run: Any) -> None:
    result = run("estimate", "--background", "data-analysis")
    assert result.exit_code == 0, result.output
    assert "Estimated time" in result.stdout
