"""The File Submission form: the page object (page.py), the census of its controls (controls.py),
what each control means (plan.py) and which option a file gets (options.py), both pure, and the
filling of it (filler.py) through the widgets a person chooses with (widgets.py)."""
