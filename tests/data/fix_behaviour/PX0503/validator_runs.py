"""pydantic never ran the validator; after the fix it does."""
# requires: pydantic

from pydantic import BaseModel, field_validator


class Signup(BaseModel):
    email: str

    @classmethod
    @field_validator("email")
    def lower_email(cls, v):
        return v.lower()


print(Signup(email="Ann@Example.ORG").model_dump())
