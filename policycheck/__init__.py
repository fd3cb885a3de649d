"""policycheck: reviews public policy drafts against a real reviewer's critique."""

__version__ = "0.1.0"
