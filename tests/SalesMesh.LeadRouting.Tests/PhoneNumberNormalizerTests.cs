using SalesMesh.LeadRouting.Domain.Contacts;

namespace SalesMesh.LeadRouting.Tests;

public class PhoneNumberNormalizerTests
{
    [Theory]
    [InlineData("+86 138-0013-8000")]
    [InlineData("13800138000")]
    [InlineData("１３８００１３８０００")]
    [InlineData("＋８６ １３８ ００１３ ８０００")]
    [InlineData("0086 138 0013 8000")]
    [InlineData("8613800138000")]
    [InlineData("(+86) 138.0013.8000")]
    public void Issue_examples_are_one_mobile_number(string raw)
    {
        var result = PhoneNumberNormalizer.Normalize(raw);

        Assert.True(result.IsSuccess, result.Error?.Message.En);
        Assert.Equal("+8613800138000", result.Value.Normalized);
        Assert.Equal(PhoneKind.Mobile, result.Value.Kind);
        Assert.Equal("13800138000", result.Value.Display);
    }

    [Theory]
    [InlineData("0571-88886666")]
    [InlineData("0571 8888 6666")]
    [InlineData("(0571)88886666")]
    [InlineData("+86 571 8888 6666")]
    [InlineData("０５７１－８８８８６６６６")]
    public void Landline_with_area_code_in_any_notation_is_one_number(string raw)
    {
        var result = PhoneNumberNormalizer.Normalize(raw);

        Assert.True(result.IsSuccess, result.Error?.Message.En);
        Assert.Equal("+8657188886666", result.Value.Normalized);
        Assert.Equal(PhoneKind.Landline, result.Value.Kind);
        Assert.Equal("0571", result.Value.AreaCode);
        Assert.Equal("0571-88886666", result.Value.Display);
    }

    [Theory]
    [InlineData("010-62345678", "+861062345678", "010")]
    [InlineData("+86 10 8765 4321", "+861087654321", "010")]
    [InlineData("021-6234567", "+86216234567", "021")]
    public void Three_digit_area_codes_are_recognised(string raw, string expected, string areaCode)
    {
        var result = PhoneNumberNormalizer.Normalize(raw);

        Assert.True(result.IsSuccess, result.Error?.Message.En);
        Assert.Equal(expected, result.Value.Normalized);
        Assert.Equal(areaCode, result.Value.AreaCode);
    }

    [Theory]
    [InlineData("400-800-1234")]
    [InlineData("4008001234")]
    [InlineData("400 800 1234")]
    public void Service_400_numbers_are_one_number(string raw)
    {
        var result = PhoneNumberNormalizer.Normalize(raw);

        Assert.True(result.IsSuccess, result.Error?.Message.En);
        Assert.Equal(PhoneKind.ServiceNumber, result.Value.Kind);
        Assert.Equal("+864008001234", result.Value.Normalized);
        Assert.Equal("400-800-1234", result.Value.Display);
    }

    [Fact]
    public void Extensions_of_one_switchboard_are_different_people_but_same_extension_matches()
    {
        var a = PhoneNumberNormalizer.Normalize("0571-88886666转123").Value;
        var b = PhoneNumberNormalizer.Normalize("0571 88886666 ext 123").Value;
        var c = PhoneNumberNormalizer.Normalize("0571-88886666-转456").Value;

        Assert.Equal("+8657188886666;ext=123", a.Normalized);
        Assert.Equal(a.Normalized, b.Normalized);
        Assert.NotEqual(a.Normalized, c.Normalized);
    }

    [Theory]
    [InlineData("", PhoneInvalidReason.Empty)]
    [InlineData("   ", PhoneInvalidReason.Empty)]
    [InlineData("138-0013-800a", PhoneInvalidReason.InvalidCharacters)]
    [InlineData("+1 415 555 0100", PhoneInvalidReason.UnsupportedCountryCode)]
    [InlineData("1380013800", PhoneInvalidReason.MobileWrongLength)]
    [InlineData("138001380001", PhoneInvalidReason.MobileWrongLength)]
    [InlineData("12800138000", PhoneInvalidReason.MobileInvalidPrefix)]
    [InlineData("88886666", PhoneInvalidReason.MissingAreaCode)]
    [InlineData("0571-888866", PhoneInvalidReason.LandlineWrongLength)]
    [InlineData("0571-08886666", PhoneInvalidReason.LandlineInvalidSubscriberNumber)]
    [InlineData("0261-88886666", PhoneInvalidReason.UnknownAreaCode)]
    [InlineData("400-800-123", PhoneInvalidReason.ServiceNumberWrongLength)]
    [InlineData("0571-88886666转12a", PhoneInvalidReason.InvalidExtension)]
    [InlineData("13800138000转1", PhoneInvalidReason.InvalidExtension)]
    [InlineData("555", PhoneInvalidReason.UnrecognizedNumber)]
    public void Invalid_numbers_are_refused_with_a_specific_reason(string raw, PhoneInvalidReason expected)
    {
        var result = PhoneNumberNormalizer.Normalize(raw);

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, PhoneNumberNormalizer.ReasonOf(result.Error!));
        Assert.Equal("phone", result.Error!.Violations[0].FieldPath);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message.ZhCn));
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message.En));
    }

    [Fact]
    public void Wrong_length_message_tells_the_user_how_many_digits_they_typed()
    {
        var error = PhoneNumberNormalizer.Normalize("1380013800").Error!;

        Assert.Contains("11 位", error.Message.ZhCn);
        Assert.Contains("10", error.Message.ZhCn);
        Assert.Contains("got 10", error.Message.En);
    }
}
