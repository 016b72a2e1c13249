from snippets import parameter_count


def test_counts_match_the_fan_in_plus_one_formula():
    result = parameter_count.compute()
    widths = (784, 256, 128, 10)
    assert (
        result.network_total
        == sum((a + 1) * b for a, b in zip(widths, widths[1:], strict=False))
        == 235_146
    )
    assert result.network_weights + result.network_biases == result.network_total
    assert result.line == 2


def test_other_widths():
    assert parameter_count.dense_network_parameters((3, 2)) == (6, 2)
