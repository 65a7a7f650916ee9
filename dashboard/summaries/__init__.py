"""Each chart's headline figure as one phrase: the sentence a screen reader hears before the chart."""
