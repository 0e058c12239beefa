"""Input the validator leaves as it is: the same model either way."""
# requires: pydantic

from pydantic import BaseModel, field_validator


class Signup(BaseModel):
    email: str

    @classmethod
    @field_validator("email")
    def lower_email(cls, v):
        return v.lower()


print(Signup(email="ann@example.org").model_dump())
