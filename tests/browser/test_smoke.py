def test_home_page_renders_with_no_serious_accessibility_violations(page, axe_check):
    page.goto(page.base_url + "/")
    assert page.locator("h1").count() == 1
    axe_check(page, label="home")
    assert page.console_errors == [], page.console_errors


def test_skip_link_is_first_in_keyboard_order(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
