using System.Text;
using SalesMesh.Activities.Domain.StatusCards;

namespace SalesMesh.Activities.Tests.StatusCards;

public sealed class PdfSignatureTests
{
    [Fact]
    public void A_real_minimal_pdf_is_recognised()
    {
        Assert.True(PdfSignature.LooksLikePdf(SampleFiles.MinimalPdf()));
    }

    [Fact]
    public void A_png_is_not_a_pdf_whatever_its_name()
    {
        Assert.False(PdfSignature.LooksLikePdf(SampleFiles.TinyPng()));
    }

    [Theory]
    [InlineData("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")] // truncated upload: no trailer
    [InlineData("hello %PDF-1.4 ... %%EOF")] // header not at the start
    [InlineData("%PDF-x.y\n%%EOF")] // not a version
    [InlineData("")]
    public void Truncated_or_fake_content_is_rejected(string content)
    {
        Assert.False(PdfSignature.LooksLikePdf(Encoding.ASCII.GetBytes(content)));
    }

    [Fact]
    public void Trailing_newlines_and_padding_after_eof_are_tolerated()
    {
        var pdf = SampleFiles.MinimalPdf().Concat(Encoding.ASCII.GetBytes("\r\n\0\0  \n")).ToArray();

        Assert.True(PdfSignature.LooksLikePdf(pdf));
    }
}
