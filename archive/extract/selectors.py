"""One catalogue of the generic selectors and tokens the splitter uses, per part.

Like trafilatura's xpaths.py: the rules live in the extract modules, the
markup families they recognise live here. Each section belongs to one part.
"""

# --- clean -----------------------------------------------------------------

# --- metadata --------------------------------------------------------------

# --- comments --------------------------------------------------------------

# --- references ------------------------------------------------------------

# --- promotions ------------------------------------------------------------

# --- body ------------------------------------------------------------------
