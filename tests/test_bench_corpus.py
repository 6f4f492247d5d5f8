"""The benchmark's generated pages: real vocabulary, facts as often as real items state them."""

from bench.corpus import CorpusGenerator


def test_generated_items_state_amounts_and_contract_ends_as_often_as_the_sample_pages() -> None:
    generator = CorpusGenerator(seed=1)
    shares = generator.shares
    assert 0 < shares["contract"] < shares["amount"] < 0.2  # the sample pages: a few amounts, fewer contracts
    texts = [generator.page(n)[1] for n in range(500)]
    items = 8 * len(texts)  # each page: a routine item, eight items of text and a delegation list
    amounts = sum(text.count("miljoner kronor.") for text in texts)
    contracts = sum(text.count("Avtalet löper ut") for text in texts)
    assert abs(amounts / items - shares["amount"]) < 0.015
    assert abs(contracts / items - shares["contract"]) < 0.005
