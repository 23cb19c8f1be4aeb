"""clientgen: generate typed Python clients from OpenAPI documents.

The pipeline runs one stage per module, data flowing one way:
load -> overlay -> validate -> analyze (API model) -> models -> render -> format -> write.
"""

__version__ = "0.1.0"
