"""Helpers shared by the facilitation tests."""

PASSWORD = "correct horse"


def make_learners(kit, fs, n, prefix="P"):
    from cc2desktop.core.facilitation import service

    genders = ["female", "male", "female", "other"]
    countries = ["SN", "CI", "BF"]
    with kit.session() as s:
        return [service.new_learner(s, fs, f"{prefix}{i:02d}", gender=genders[i % 4], country=countries[i % 3],
                                    category=["student", "civil_society"][i % 2]) for i in range(n)]


QUIZ = {
    "id": "m1c1-quiz", "mastery_score": 0.6,
    "questions": [
        {"id": "q1", "type": "single", "prompt": {"fr": "Capitale ?", "en": "Capital?"},
         "choices": [{"id": "a", "text": {"fr": "Dakar", "en": "Dakar"}},
                     {"id": "b", "text": {"fr": "Lomé", "en": "Lomé"}}],
         "answer": "a"},
        {"id": "q2", "type": "true_false", "prompt": {"fr": "Vrai ?", "en": "True?"}, "answer": True},
        {"id": "q3", "type": "text", "prompt": {"fr": "Données ?", "en": "Data?"},
         "answer": ["données ouvertes", "open data"]},
    ],
}
