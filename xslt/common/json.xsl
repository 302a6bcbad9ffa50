<?xml version="1.0" encoding="UTF-8"?>
<!--
  Building JSON as the XML that xml-to-json() reads, so that keys keep their order (maps do
  not). A key with no value is left out rather than written empty.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:editio="urn:editio"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  exclude-result-prefixes="#all">

  <xsl:function name="editio:field" as="element(j:string)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:variable name="text" select="normalize-space(string($value))"/>
    <xsl:if test="$text">
      <j:string key="{$key}"><xsl:value-of select="$text"/></j:string>
    </xsl:if>
  </xsl:function>

  <xsl:function name="editio:number-field" as="element(j:number)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="xs:integer?"/>
    <xsl:if test="exists($value)">
      <j:number key="{$key}"><xsl:value-of select="$value"/></j:number>
    </xsl:if>
  </xsl:function>
</xsl:stylesheet>
