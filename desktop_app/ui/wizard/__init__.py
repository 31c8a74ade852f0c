"""The resident's wizard: one page per step of the regeling's form, a check page and a sign
page. document_wizard.py builds it and handles each change, stepper.py moves between the
pages, check_page.py and sign_page.py are the last two pages, words.py holds its texts."""

from desktop_app.ui.wizard.check_page import VerdictLink
from desktop_app.ui.wizard.document_wizard import DocumentWizard

__all__ = ["DocumentWizard", "VerdictLink"]
