"""All Qt code lives here (and only here). Panels talk to the domain through
:class:`dialogue_app.ui.context.AppContext`, never through SQL."""
