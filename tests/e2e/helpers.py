"""Steps the browser tests share."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, base: str, username: str, *, next_path: str = "") -> None:
    """Log in on the login page (then follow ``next_path`` or the user's home)."""
    page.goto(f"{base}/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def keep_offline(page, base: str) -> list[str]:
    """Refuse every request that leaves the app and return the list of those tried: an
    operations centre runs offline, so a page must not need a CDN."""
    outside: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    return outside
