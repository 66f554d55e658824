"""Placeholder router, replaced by the real pages."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
