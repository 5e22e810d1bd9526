using System.Security.Cryptography;
using System.Text;

namespace BackboneSim.Web.Sessions;

/// <summary>Random secrets and join codes, and comparing secrets in constant time (no timing oracle on the key).</summary>
public static class SessionSecrets
{
    /// <summary>No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read off a projector is typed right.</summary>
    public const string CodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679";
    public const int CodeLength = 6;

    /// <summary>128 random bits as base64url (22 characters).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string NewId(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    public static string NewJoinCode()
    {
        var chars = new char[CodeLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        return new string(chars);
    }

    /// <summary>Normalise what a learner typed: upper case, spaces and dashes dropped; null when it cannot be a code.</summary>
    public static string? NormaliseCode(string? typed)
    {
        if (typed is null || typed.Length > 20) return null;
        var code = new string(typed.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == CodeLength && code.All(c => CodeAlphabet.Contains(c)) ? code : null;
    }

    public static bool SameSecret(string? given, string expected)
    {
        if (given is null || given.Length > 100) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
