"""The user interfaces: the web page (chat, form, accounts) and the HTTP API.

Gradio reports usage to outside hosts unless told not to; the switch must be
set before gradio is first imported, and every module that imports it lives
in this package, so it is set here.
"""

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
