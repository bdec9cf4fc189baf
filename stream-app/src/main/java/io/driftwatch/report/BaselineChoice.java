package io.driftwatch.report;

import io.driftwatch.baseline.BaselineSummaries;

/**
 * The baseline a window is compared with.
 *
 * @param summaries the decoded reference profile
 * @param fallback  true when the version had none of its own and the model's latest was used
 */
public record BaselineChoice(BaselineSummaries summaries, boolean fallback) {}
