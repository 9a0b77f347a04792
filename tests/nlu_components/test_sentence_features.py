"""SentenceFeaturesOnly: token-level features become one constant position, and nothing that
reads them is in config.yml; Rasa's own classifiers, as configured, do not read them."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import scipy.sparse
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    INTENT,
    INTENT_RESPONSE_KEY,
    RESPONSE,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_features import SentenceFeaturesOnly
from bot.paths import REPO_ROOT

COMPONENT = "bot.nlu.sentence_features.SentenceFeaturesOnly"


def sparse(rows: int, columns: int = 5) -> scipy.sparse.coo_matrix:
    return scipy.sparse.coo_matrix(np.arange(1, rows * columns + 1,
                                             dtype=np.float32).reshape(rows, columns))


def featurized(text: str, tokens: int) -> Message:
    message = Message(data={TEXT: text, RESPONSE: "An answer.", INTENT: "faq"})
    for attribute in (TEXT, RESPONSE, INTENT):
        message.features.append(Features(sparse(tokens), FEATURE_TYPE_SEQUENCE, attribute, "cv"))
        message.features.append(Features(sparse(1), FEATURE_TYPE_SENTENCE, attribute, "cv"))
    message.features.append(Features(sparse(tokens), FEATURE_TYPE_SEQUENCE, TEXT, "regex"))
    return message


def features(message: Message, attribute: str, kind: str) -> list[Features]:
    return [f for f in message.features if f.attribute == attribute and f.type == kind]


def test_token_level_features_become_one_constant_position():
    message = featurized("is legal aid free", tokens=4)
    sentence_before = features(message, TEXT, FEATURE_TYPE_SENTENCE)
    SentenceFeaturesOnly(SentenceFeaturesOnly.get_default_config()).process([message])

    for attribute in (TEXT, RESPONSE):
        (only,) = features(message, attribute, FEATURE_TYPE_SEQUENCE)
        assert only.features.shape == (1, 1) and only.features[0, 0] == 1.0
        assert only.origin == "SentenceFeaturesOnly"
    assert features(message, TEXT, FEATURE_TYPE_SENTENCE) == sentence_before  # the same objects
    # Other attributes (TEDPolicy's intents and actions) keep their token-level features.
    assert features(message, INTENT, FEATURE_TYPE_SEQUENCE)[0].features.shape == (4, 5)


def test_training_data_and_featureless_messages():
    bare = Message(data={TEXT: "hi"})
    data = TrainingData([featurized("hello", tokens=1), bare])
    component = SentenceFeaturesOnly({"attributes": [TEXT]})
    component.process_training_data(data)

    assert len(features(data.training_examples[0], TEXT, FEATURE_TYPE_SEQUENCE)) == 1
    assert features(data.training_examples[0], RESPONSE, FEATURE_TYPE_SEQUENCE)[0] \
        .features.shape == (1, 5)  # not configured
    assert bare.features == []  # nothing to replace, nothing added


def pipeline() -> list[dict]:
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text(encoding="utf-8"))
    return config["pipeline"]


def test_config_uses_it_only_where_nothing_reads_token_positions():
    steps = pipeline()
    names = [step["name"] for step in steps]
    position = names.index(COMPONENT)
    assert not any("Featurizer" in name for name in names[position + 1:])
    classifiers = {"DIETClassifier": DIETClassifier, "ResponseSelector": ResponseSelector}
    readers = [step for step in steps[position + 1:] if step["name"] in classifiers]
    assert len(readers) == 2
    for step in readers:
        config = {**classifiers[step["name"]].get_default_config(), **step}
        assert config["number_of_transformer_layers"] == 0, step
        assert not config["use_masked_language_model"], step
        # ResponseSelector never recognises entities (Rasa switches it off in __init__).
        assert step["name"] == "ResponseSelector" or not config["entity_recognition"], step


INTENTS = {"greet": ["hello there", "hi", "good morning to you"],
           "ask_fee": ["is legal aid free", "does a lawyer cost money", "what are the fees"],
           "bye": ["goodbye", "see you later", "bye for now"]}
ANSWERS = {"greet": "Hello! I answer questions about legal aid.",
           "ask_fee": "Legal aid is free of charge for those who qualify.",
           "bye": "Goodbye, and good luck with your case."}


def training_data() -> TrainingData:
    """The same phrasings as intents (DIET) and as FAQ questions with answers (ResponseSelector)."""
    examples = [Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: f"faq/{intent}"})
                for intent, texts in INTENTS.items() for text in texts]
    examples += [Message(data={TEXT: text, INTENT: intent})
                 for intent, texts in INTENTS.items() for text in texts]
    return TrainingData(examples, responses={f"utter_faq/{intent}": [{"text": answer}]
                                             for intent, answer in ANSWERS.items()})


def rankings(message: Message) -> dict[str, float]:
    """DIET's intent ranking and the ResponseSelector's answer ranking, whichever is there."""
    ranking = message.get("intent_ranking") or \
        message.get("response_selector")["faq"]["ranking"]
    return {entry.get("name") or entry["intent_response_key"]: entry["confidence"]
            for entry in ranking}


def train_classifier(tmp_path, classifier: type, transformer_layers: int):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb",
         "min_ngram": 1, "max_ngram": 3}, storage, Resource("cv"), context)
    data = training_data()
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**classifier.get_default_config(), "epochs": 5, "random_seed": 1,
              "entity_recognition": False, "number_of_transformer_layers": transformer_layers,
              "transformer_size": 32 if transformer_layers else None, "retrieval_intent": "faq"}
    trained = classifier.create(config, storage, Resource("classifier"), context)
    trained.train(data)

    def featurize(text: str) -> Message:
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        featurizer.process([message])
        return message

    return featurize, trained


@pytest.mark.slow
@pytest.mark.parametrize("classifier", [DIETClassifier, ResponseSelector],
                         ids=["DIET", "ResponseSelector"])
@pytest.mark.parametrize("transformer_layers, reads_tokens", [(0, False), (1, True)])
def test_rasa_reads_token_features_only_through_a_transformer(
        tmp_path, classifier, transformer_layers, reads_tokens):
    """The premise of the component, against Rasa's code: with no transformer layers, DIET's
    intent ranking and the ResponseSelector's answer ranking are the same whatever a message's
    token-level features are; with one layer they are not (which shows that the comparison can
    tell). Both read the responses' features through the same layers as the message's."""
    featurize, trained = train_classifier(tmp_path, classifier, transformer_layers)
    original = featurize("is the lawyer free")
    altered = copy.deepcopy(original)
    other_tokens = features(featurize("goodbye see you"), TEXT, FEATURE_TYPE_SEQUENCE)
    altered.features = [f for f in altered.features if f.type != FEATURE_TYPE_SEQUENCE]
    altered.features += other_tokens

    first, second = (rankings(trained.process([message])[0]) for message in (original, altered))
    assert first.keys() == second.keys() and len(first) >= 3  # intents or answers
    same = all(abs(first[name] - second[name]) < 1e-5 for name in first)
    assert same is not reads_tokens, (first, second)
