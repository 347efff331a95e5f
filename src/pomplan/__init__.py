"""pomplan: an honest, itemised career planner for becoming a Product Operations Manager."""

__version__ = "0.1.0"
