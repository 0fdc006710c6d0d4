"""mkdocs-gen-files script: write the pages generated from the rulebook (see pages.py) and the notebook."""

import sys
from pathlib import Path

import mkdocs_gen_files
from mkdocs.structure.files import InclusionLevel

sys.path.insert(0, str(Path(__file__).parent))
import pages

for path, text in pages.generate_pages().items():
    with mkdocs_gen_files.open(path, "w") as f:  # generated pages are not macro templates
        f.write(text if path.endswith("SUMMARY.md") else "---\nrender_macros: false\n---\n\n" + text)
    if path.endswith("SUMMARY.md"):  # read by mkdocs-literate-nav, not a page of the site
        mkdocs_gen_files.FilesEditor.current().files.get_file_from_path(path).inclusion = InclusionLevel.EXCLUDED
with mkdocs_gen_files.open("guides/eligibility.ipynb", "wb") as f:  # run and rendered by mkdocs-jupyter
    f.write((pages.ROOT / "examples" / "eligibility.ipynb").read_bytes())
