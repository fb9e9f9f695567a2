"""Pleno's domain-agnostic core: data, BPMN runtime, audit, documents, scheduler."""
