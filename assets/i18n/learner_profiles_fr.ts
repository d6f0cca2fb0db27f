<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ProfileTiles</name>
    <message>
        <source>Who is learning today?</source>
        <translation>Qui apprend aujourd’hui ?</translation>
    </message>
    <message>
        <source>Choose your profile. Your progress stays private to your profile.</source>
        <translation>Choisissez votre profil. Votre progression reste privée.</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <source>Create a new profile</source>
        <translation>Créer un nouveau profil</translation>
    </message>
    <message>
        <source>I &amp;already have an account (made on another PC)</source>
        <translation>J’ai &amp;déjà un compte (créé sur un autre PC)</translation>
    </message>
    <message>
        <source>Bring your profile and your progress here with your learner code and PIN</source>
        <translation>Faites venir ici votre profil et votre progression avec votre code apprenant·e et votre code PIN</translation>
    </message>
    <message>
        <source>Open the profile of %1</source>
        <translation>Ouvrir le profil de %1</translation>
    </message>
    <message>
        <source>(protected by a PIN)</source>
        <translation>(protégé par un code PIN)</translation>
    </message>
    <message>
        <source>Protected by a PIN</source>
        <translation>Protégé par un code PIN</translation>
    </message>
    <message>
        <source>New profile: choose your PIN to open it</source>
        <translation>Nouveau profil : choisissez votre code PIN pour l’ouvrir</translation>
    </message>
</context>
</TS>
