namespace SalesMesh.LeadRouting.Domain.Common;

/// <summary>
/// One invalid field of a request or a piece of configuration. <see cref="FieldPath"/> uses the
/// camelCase JSON path the API exposes (e.g. <c>weights.territory</c>,
/// <c>productLines[骨科器械].requiredQualification</c>) so clients can highlight the exact input.
/// </summary>
public sealed record FieldViolation(string FieldPath, string Code, LocalizedText Message);
