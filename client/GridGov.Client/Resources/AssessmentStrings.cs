namespace GridGov.Client.Resources;

/// <summary>Marker for the assessment pages' strings: AssessmentStrings.resx (Chinese, neutral) and AssessmentStrings.en.resx.</summary>
public sealed class AssessmentStrings;
