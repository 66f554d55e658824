"""Placeholder router, replaced by the real API."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")
