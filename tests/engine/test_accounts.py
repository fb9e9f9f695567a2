"""Actors remembered per login session: expiry and forgetting."""

from time import monotonic

from engine.accounts import (ACTOR_TTL_SECONDS, Actor, Role, actor_generation, forget_actors, remember_actor,
                             remembered_actor)


def _actor(user_id: int) -> Actor:
    return Actor(user_id, 1, f"Persona {user_id}", {Role.ENLACE: {3}})


def test_a_remembered_actor_is_given_back_for_its_session_and_person_only():
    actor = _actor(101)
    remember_actor("sesion-a", actor, actor_generation(), monotonic())
    assert remembered_actor("sesion-a", 101) is actor
    assert remembered_actor("sesion-a", 102) is None
    assert remembered_actor("sesion-b", 101) is None


def test_a_remembered_actor_expires_after_the_ttl():
    remember_actor("sesion-vieja", _actor(103), actor_generation(), monotonic() - ACTOR_TTL_SECONDS - 1)
    assert remembered_actor("sesion-vieja", 103) is None


def test_an_actor_read_before_a_change_is_not_remembered():
    generation = actor_generation()
    forget_actors({104})  # the change commits while the request is still reading
    remember_actor("sesion-c", _actor(104), generation, monotonic())
    assert remembered_actor("sesion-c", 104) is None


def test_forgetting_a_person_forgets_only_them():
    remember_actor("sesion-d", _actor(105), actor_generation(), monotonic())
    remember_actor("sesion-e", _actor(106), actor_generation(), monotonic())
    forget_actors({105})
    assert remembered_actor("sesion-d", 105) is None
    assert remembered_actor("sesion-e", 106) is not None
